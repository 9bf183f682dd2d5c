import { createHash } from "node:crypto";
import nodeModule from "node:module";
import { lstatSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { userCacheFolder } from "../audit/cache/user-folder.js";

/**
 * Node's module compile cache for the CLI. Node 22.1 and later have one built in
 * (`module.enableCompileCache`), and the bin scripts turn it on. Node 20 has none, and an audit then
 * spends about 0.35 s of CPU compiling TypeScript's 9 MB of JavaScript on every run (a one-function
 * project's audit costs 8x `coldstart --version`, most of it that; measured with bench/audit.mjs).
 * This keeps V8's code cache for the few large CommonJS files the CLI loads (TypeScript, ts-morph),
 * as Node's own cache does for every module.
 *
 * Where: `NODE_COMPILE_CACHE` if set (Node's own variable), else `coldstart/compile` in the user's
 * cache folder (beside the audit cache: ~/.cache, XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%).
 * A code cache is code: a folder someone else owns or can write to is never used, and V8 itself
 * rejects data made by another V8 version or for a different source. `NODE_DISABLE_COMPILE_CACHE`
 * turns it off, as it does Node's. Any failure leaves modules compiled the ordinary way.
 */
export function enableCompileCache(): void {
  const builtIn = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (builtIn || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  const dir = cacheFolder();
  if (dir) installHook(dir);
}

/** Files below this size compile quickly enough that a cache lookup is not worth its syscalls. */
const MIN_BYTES = 512 * 1024;

function cacheFolder(): string | undefined {
  const uid = process.getuid?.();
  const user = userCacheFolder();
  const base = process.env.NODE_COMPILE_CACHE || (user && path.join(user, "coldstart", "compile"));
  if (!base) return undefined;
  const dir = path.join(base, `coldstart-v8-${process.versions.v8}-${process.arch}`);
  try {
    for (const folder of [base, dir]) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const stat = lstatSync(folder);
      // Ours alone: not a link, owned by this user, writable by no one else.
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    }
    return dir;
  } catch {
    return undefined;
  }
}

interface CjsModule {
  exports: unknown;
  require: (id: string) => unknown;
  _compile: (this: CjsModule, content: string, filename: string) => unknown;
}
interface ModuleClass {
  prototype: CjsModule;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

function installHook(dir: string): void {
  const Module = nodeModule as unknown as ModuleClass;
  const original = Module.prototype._compile;
  const toWrite: { file: string; script: vm.Script }[] = [];
  Module.prototype._compile = function compile(this: CjsModule, content: string, filename: string) {
    if (content.length < MIN_BYTES) return original.call(this, content, filename);
    let file: string;
    let cachedData: Buffer | undefined;
    try {
      // The key names this exact file: where it is, its size and when it last changed.
      const stat = statSync(filename);
      file = path.join(dir, `${hashKey(`${filename}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}`)}.bin`);
      cachedData = readIfPresent(file);
    } catch {
      return original.call(this, content, filename);
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) toWrite.push({ file, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(Module, this), this, filename, path.dirname(filename));
  };
  // Written as the process ends, so the cache holds every function the run compiled, not just the
  // top level: the next run skips lazy compilation too.
  process.once("exit", () => {
    for (const { file, script } of toWrite) {
      try {
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, file);
      } catch {
        // A cache that cannot be written is only a slower next start.
      }
    }
  });
}

function requireFor(Module: ModuleClass, mod: CjsModule) {
  const require = (id: string) => mod.require(id);
  const resolve = (request: string, options?: unknown) => Module._resolveFilename(request, mod, false, options);
  resolve.paths = (request: string) => Module._resolveLookupPaths(request, mod);
  return Object.assign(require, { resolve, main: process.mainModule, extensions: Module._extensions, cache: Module._cache });
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function hashKey(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

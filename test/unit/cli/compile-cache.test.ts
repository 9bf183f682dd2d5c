import { execa } from "execa";
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import module from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../../e2e/_helpers.js";
import { tempDir } from "../create/_helpers.js";

// Node 22.1+ has its own cache (module.enableCompileCache, turned on by the bin scripts); coldstart's
// stands in for it on Node 20 only.
const hasBuiltIn = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";

function project(): string {
  const root = tempDir("compile-cache-");
  mkdirSync(path.join(root, "app/api/hello"), { recursive: true });
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "one", private: true, dependencies: { next: "15.5.4" } }));
  // It calls fetch, so a check parses it: TypeScript is loaded (an audit that parses nothing never loads it).
  writeFileSync(path.join(root, "app/api/hello/route.ts"), 'export async function GET() {\n  return Response.json({ ok: (await fetch("https://example.com")).ok });\n}\n');
  return root;
}

function audit(root: string, env: NodeJS.ProcessEnv) {
  return execa(process.execPath, [cliPath, "audit", root, "--no-cache", "--format", "json"], {
    reject: false,
    stdin: "ignore",
    env: { ...process.env, CI: undefined, NO_COLOR: "1", ...env },
    extendEnv: false,
    cwd: repoRoot,
    timeout: 30_000,
  });
}

function onlyFolder(cache: string): string {
  const folders = readdirSync(cache);
  expect(folders).toHaveLength(1);
  return folders[0] ?? "";
}

const withoutTiming = (json: string) => JSON.stringify({ ...JSON.parse(json), summary: { ...JSON.parse(json).summary, durationMs: 0 } });

describe.skipIf(hasBuiltIn)("compile cache on Node 20", () => {
  it("keeps V8's code for TypeScript in a folder of the user's own, and the next run uses it with the same result", async () => {
    const root = project();
    const cache = path.join(tempDir("compile-cache-dir-"), "cache");
    const first = await audit(root, { NODE_COMPILE_CACHE: cache });
    expect(first.exitCode, first.stderr).toBe(0);
    const folder = onlyFolder(cache);
    expect(folder).toMatch(new RegExp(`^coldstart-v8-${process.versions.v8.replace(/[.]/g, "\\.")}-`));
    const files = readdirSync(path.join(cache, folder));
    // TypeScript's compiler: the one file above the size threshold an audit loads.
    expect(files.filter((f) => f.endsWith(".bin"))).toHaveLength(1);
    expect(files.some((f) => f.endsWith(".tmp"))).toBe(false);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    for (const f of files) expect(statSync(path.join(cache, folder, f)).mode & 0o777).toBe(0o600);
    const written = files.map((f) => statSync(path.join(cache, folder, f)).mtimeMs);

    const second = await audit(root, { NODE_COMPILE_CACHE: cache });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(withoutTiming(second.stdout)).toBe(withoutTiming(first.stdout));
    // Accepted, so not rewritten.
    expect(readdirSync(path.join(cache, folder)).map((f) => statSync(path.join(cache, folder, f)).mtimeMs)).toEqual(written);
  });

  it("lives in coldstart/compile of the user's cache folder unless NODE_COMPILE_CACHE says otherwise", async () => {
    const root = project();
    const xdg = tempDir("compile-cache-xdg-");
    const result = await audit(root, { XDG_CACHE_HOME: xdg, NODE_COMPILE_CACHE: undefined });
    expect(result.exitCode, result.stderr).toBe(0);
    const folder = onlyFolder(path.join(xdg, "coldstart", "compile"));
    expect(readdirSync(path.join(xdg, "coldstart", "compile", folder)).filter((f) => f.endsWith(".bin"))).toHaveLength(1);
  });

  it("never uses a folder others can write to, and NODE_DISABLE_COMPILE_CACHE turns it off", async () => {
    const root = project();
    const open = path.join(tempDir("compile-cache-open-"), "cache");
    mkdirSync(open);
    chmodSync(open, 0o777);
    const shared = await audit(root, { NODE_COMPILE_CACHE: open });
    expect(shared.exitCode, shared.stderr).toBe(0);
    expect(readdirSync(open).flatMap((d) => readdirSync(path.join(open, d)))).toEqual([]);

    const off = path.join(tempDir("compile-cache-off-"), "cache");
    const disabled = await audit(root, { NODE_COMPILE_CACHE: off, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(disabled.exitCode, disabled.stderr).toBe(0);
    expect(() => readdirSync(off)).toThrow();
  });

  it("a corrupt cache file is rejected by V8 and replaced, never trusted", async () => {
    const root = project();
    const cache = path.join(tempDir("compile-cache-bad-"), "cache");
    const first = await audit(root, { NODE_COMPILE_CACHE: cache });
    const folder = onlyFolder(cache);
    for (const f of readdirSync(path.join(cache, folder))) writeFileSync(path.join(cache, folder, f), Buffer.alloc(4096, 7));
    const second = await audit(root, { NODE_COMPILE_CACHE: cache });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(withoutTiming(second.stdout)).toBe(withoutTiming(first.stdout));
    for (const f of readdirSync(path.join(cache, folder))) expect(statSync(path.join(cache, folder, f)).size).toBeGreaterThan(4096);
  });
});

import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { fileFacts, position } from "../../../src/audit/analysis/file-facts.js";
import { guards, guardsModuleLoad } from "../../../src/audit/analysis/guards.js";

function facts(text: string, fileName = "file.ts") {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  return fileFacts(sf);
}

/** Unguarded global uses as "name@line:column". */
function globals(text: string, fileName?: string): string[] {
  const f = facts(text, fileName);
  return f.globals.filter((g) => !guards(g.guard, g.name)).map((g) => {
    const at = position(f.sf, g.node);
    return `${g.name}@${at.line}:${at.column}`;
  });
}

function modules(text: string, fileName?: string): string[] {
  return facts(text, fileName).modules.filter((m) => !guardsModuleLoad(m.guard) || m.kind === "import").map((m) => `${m.kind} ${m.specifier}`);
}

describe("module sites", () => {
  it("finds static, re-export, require, import-equals and dynamic loads", () => {
    const text = [
      'import fs from "node:fs";',
      'import "node:process";',
      'export * from "node:path";',
      'export { createHash } from "node:crypto";',
      'import os = require("os");',
      'const zlib = require("zlib");',
      'const dns = await import("node:dns");',
      "console.log(fs, os, zlib, dns);",
    ].join("\n");
    expect(modules(text)).toEqual([
      "import node:fs",
      "import node:process",
      "export node:path",
      "export node:crypto",
      "import-equals os",
      "require zlib",
      "dynamic-import node:dns",
    ]);
  });

  it("skips type-only imports and exports, and TypeScript imports used only as types", () => {
    const text = [
      'import type { Stats } from "node:fs";',
      'import { type Readable } from "node:stream";',
      'import { Agent } from "node:https";',
      'import type Net = require("node:net");',
      'export type { Socket } from "node:net";',
      'export { type Server } from "node:http";',
      "let agent: Agent | undefined; let s: Stats; let r: Readable; let n: Net.Socket;",
    ].join("\n");
    expect(modules(text)).toEqual([]);
  });

  it("keeps an unused import in JavaScript, where it still runs", () => {
    expect(modules('import fs from "node:fs";\n', "file.js")).toEqual(["import node:fs"]);
  });

  it("counts an import used through shorthand properties, JSX or a local export", () => {
    expect(modules('import { hash } from "node:crypto";\nexport const api = { hash };')).toHaveLength(1);
    expect(modules('import { hash } from "node:crypto";\nexport { hash };')).toHaveLength(1);
  });

  it("treats require and import() under NEXT_RUNTIME or typeof tests as guarded, static imports never", () => {
    const text = [
      'import "node:os";',
      'if (process.env.NEXT_RUNTIME === "nodejs") { require("node:fs"); }',
      'const p = typeof window === "undefined" ? require("node:path") : null;',
      'function later() { if (process.env.NEXT_RUNTIME !== "nodejs") return; return import("node:dns"); }',
      'import("node:zlib");',
    ].join("\n");
    expect(modules(text)).toEqual(["import node:os", "dynamic-import node:zlib"]);
  });

  it("ignores a shadowed require", () => {
    expect(modules('function load(require: (s: string) => unknown) { return require("fs"); }')).toEqual([]);
  });
});

describe("global uses", () => {
  it("finds globals in value positions only", () => {
    const text = [
      "function hex(data: Buffer): string { return Buffer.from(data).toString('hex'); }",
      "interface Env extends Record<string, Buffer> {}",
      "type T = typeof setImmediate;",
      "const x = {} as Buffer; const y = { Buffer: 1, setImmediate: 2 }; y.Buffer; y.setImmediate;",
      "setImmediate(() => 1);",
    ].join("\n");
    expect(globals(text)).toEqual(["Buffer@1:45", "setImmediate@5:1"]);
  });

  it("does not count local bindings: imports, parameters, var hoisting, catch, destructuring", () => {
    const text = [
      'import { Buffer } from "node:buffer";',
      "Buffer.from('x');",
      "function f(process: { cwd(): string }) { return process.cwd(); }",
      "function g() { if (true) { var setImmediate = (fn: () => void) => fn(); } setImmediate(() => 1); }",
      "try { } catch (__dirname) { console.log(__dirname); }",
      "const h = ({ require }: { require: (s: string) => void }) => require(name);",
      "{ const clearImmediate = 1; console.log(clearImmediate); }",
      "clearImmediate(1 as never);",
    ].join("\n");
    expect(globals(text)).toEqual(["clearImmediate@8:1"]);
  });

  it("records process members and process.env keys", () => {
    const f = facts("process.cwd(); process.env.NODE_ENV; process.env.API_KEY; typeof process.versions;");
    expect(f.globals.map((g) => `${g.name}${g.envKey ? `.${g.envKey}` : ""}`)).toEqual(["process.cwd", "process.env.NODE_ENV", "process.env.API_KEY"]);
  });

  it("honours typeof, in, NEXT_RUNTIME and early-return guards, per name", () => {
    const text = [
      "const d = typeof setImmediate === 'function' ? setImmediate : setTimeout;",
      "if ('MessageChannel' in globalThis) new MessageChannel();",
      "if (globalThis.BroadcastChannel) new BroadcastChannel('x');",
      "typeof process !== 'undefined' && process.version;",
      "if (process.env.NEXT_RUNTIME === 'nodejs') { __dirname; }",
      "function f() { if (typeof Buffer === 'undefined') return; Buffer.from('x'); }",
      "if (typeof setImmediate === 'function') { clearImmediate(1 as never); }",
    ].join("\n");
    // The NEXT_RUNTIME test itself reads process.env: the rule decides whether that is allowed.
    expect(globals(text)).toEqual(["process.env@5:5", "clearImmediate@7:43"]);
  });
});

describe("dynamic code", () => {
  it("finds eval, Function constructors and WebAssembly compilation from bytes", () => {
    const text = [
      'import wasm from "./add.wasm";',
      "eval('1');",
      "const e = eval;",
      "new Function('return 1');",
      "Function('return 1');",
      "WebAssembly.compile(new Uint8Array());",
      "WebAssembly.instantiate(wasm);",
      "async function f(res: Response, mod: WebAssembly.Module) {",
      "  const bytes = await res.arrayBuffer();",
      "  await WebAssembly.instantiate(bytes);",
      "  await WebAssembly.instantiate(mod);",
      "  new WebAssembly.Module(bytes);",
      "}",
      "const parser = { eval: (s: string) => s }; parser.eval('x');",
    ].join("\n");
    const f = facts(text);
    expect(f.dynamic.map((d) => `${d.what}@${position(f.sf, d.node).line}`)).toEqual([
      "eval@2",
      "eval@3",
      "new Function@4",
      "Function@5",
      "WebAssembly.compile@6",
      "WebAssembly.instantiate@10",
      "new WebAssembly.Module@12",
    ]);
  });
});

describe("imports read only through typeof", () => {
  it("are still loaded, so they count", () => {
    expect(modules('import { request } from "node:http";\nimport https from "node:https";\nconsole.log(typeof request, typeof https.get);')).toEqual([
      "import node:http",
      "import node:https",
    ]);
  });
});

describe("generated files", () => {
  it("walk expressions nested thousands deep without exhausting the stack", () => {
    const text = `import fs from "node:fs";\nexport const total = ${"fs.size + ".repeat(20000)}1;\nif (${"a && ".repeat(5000)}typeof setImmediate === "function") setImmediate(() => 1);\n`;
    const f = facts(text);
    expect(f.modules.map((m) => m.specifier)).toEqual(["node:fs"]);
    expect(f.globals.filter((g) => !guards(g.guard, g.name))).toEqual([]);
  });
});

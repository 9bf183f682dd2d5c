import { describe, expect, it } from "vitest";
import { parseBuiltin } from "../../../src/audit/compat/node-builtins.js";
import type { FunctionInfo } from "../../../src/project/types.js";
import { builtinProblem, fixFor, insteadOf } from "../../../src/audit/analysis/builtin-verdict.js";
import { edgeTarget } from "../../../src/audit/analysis/edge-target.js";

function worker(date: string | undefined, flags: string[], file = "wrangler.toml"): FunctionInfo {
  return {
    id: "cloudflare-workers:src/index.ts",
    platform: "cloudflare-workers",
    runtime: "workerd",
    entry: "/p/src/index.ts",
    config: { file, line: 2 },
    packageRoot: "/p",
    workers: {
      compatibilityDate: date,
      compatibilityFlags: flags,
      workerdMaxDate: undefined,
      limits: undefined,
      bindings: { kv: [], d1: [], r2: [], hyperdrive: [], queues: [], durableObjects: [], vars: {} },
      environment: undefined,
      locations: { compatibilityFlags: { file, line: 4 } },
    },
  };
}

function vercel(kind: "middleware" | "app-route", nextMajor: number): FunctionInfo {
  return {
    id: "vercel:middleware.ts",
    platform: "vercel",
    runtime: "edge",
    entry: "/p/middleware.ts",
    config: { file: "middleware.ts", line: 1 },
    packageRoot: "/p",
    vercel: { kind, nextMajor, route: undefined, maxDuration: undefined, memory: undefined, runtimeAt: undefined, regions: undefined },
  };
}

const problem = (fn: FunctionInfo, spec: string) => builtinProblem(edgeTarget(fn)!, parseBuiltin(spec)!, spec);

describe("builtinProblem", () => {
  it("names the platform's rule and the Web API to use on Vercel, with a code example", () => {
    const p = problem(vercel("app-route", 15), "node:crypto")!;
    expect(p.problem).toContain("provides only buffer, events, assert, util, async_hooks");
    expect(insteadOf(p, "vercel-edge")).toMatch(/^use the Web Crypto API.*remove `export const runtime = "edge"`/);
    expect(fixFor(p, "vercel-edge", "crypto").example).toContain("crypto.subtle.digest");
    expect(problem(vercel("app-route", 15), "node:buffer")).toBeUndefined();
  });

  it("sends Next.js 16 middleware to proxy.ts", () => {
    expect(insteadOf(problem(vercel("middleware", 16), "fs")!, "vercel-edge")).toContain("proxy.ts");
  });

  it("puts the Workers configuration fix first, with the line to write in the wrangler file's format", () => {
    const toml = problem(worker("2025-01-15", []), "node:buffer")!;
    expect(toml.severity).toBe("error");
    expect(insteadOf(toml, "workers")).toMatch(/^add "nodejs_compat" to compatibility_flags in wrangler\.toml, or use `Uint8Array`/);
    expect(fixFor(toml, "workers", "buffer").example).toBe('compatibility_flags = ["nodejs_compat"]');
    const json = problem(worker("2025-01-15", [], "wrangler.jsonc"), "node:buffer")!;
    expect(fixFor(json, "workers", "buffer").example).toBe('"compatibility_flags": ["nodejs_compat"]');
  });

  it("explains unenv polyfills before a gate as a warning, and stubs after it as an error", () => {
    const early = problem(worker("2025-06-01", ["nodejs_compat"]), "node:fs")!;
    expect(early.severity).toBe("warning");
    expect(early.problem).toContain("[unenv]");
    expect(early.configFix).toContain("2025-09-15");
    const stub = problem(worker("2026-05-01", ["nodejs_compat"]), "node:child_process")!;
    expect(stub.severity).toBe("error");
    expect(stub.configFix).toBeUndefined();
    expect(stub.problem).toContain("stub");
  });
});

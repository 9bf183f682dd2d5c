import { describe, expect, it } from "vitest";
import { estimateColdStart, formatEstimate } from "../../../src/audit/analysis/cold-start.js";
import type { BundleInfo } from "../../../src/audit/types.js";
import type { FunctionInfo } from "../../../src/project/types.js";
import { json } from "../../../src/report/json.js";
import { pretty } from "../../../src/report/pretty.js";
import { sampleResult } from "../report/sample-result.js";

const bundle = (bytes: number, missing: string[] = []): BundleInfo => ({
  bytes, gzipBytes: Math.round(bytes / 3), topInputs: [], packages: [{ name: "@aws-sdk/client-sqs", bytes: Math.round(bytes * 0.8) }], missingPackages: missing, source: "test",
});

function lambda(runtime: string | undefined, architecture: "x86_64" | "arm64"): FunctionInfo {
  return {
    id: "aws-lambda:src/api.ts#Api", platform: "aws-lambda", runtime: "nodejs", entry: "/p/src/api.ts", config: { file: "template.yaml", line: 1 }, packageRoot: "/p",
    lambda: {
      source: "sam", name: "Api", handlerExport: "handler", runtime: runtime ? { value: runtime, at: { file: "template.yaml", line: 5 } } : undefined,
      timeout: undefined, memory: undefined, architecture, reservedConcurrency: undefined, triggers: [], environment: undefined,
    },
  };
}

describe("estimateColdStart", () => {
  it("adds lambda-perf's init range for the runtime and architecture to 76-158 ms per MB of code", () => {
    const e = estimateColdStart(lambda("nodejs24.x", "arm64"), bundle(500_000));
    expect(e.baseline).toMatchObject({ lowMs: 114, highMs: 124 });
    expect(e.load).toMatchObject({ lowMs: 38, highMs: 79 });
    expect([e.lowMs, e.highMs]).toEqual([152, 203]);
    expect(e.model).toMatch(/maxday\/lambda-perf/);
    expect(e.model).toMatch(/perpil\/sdk-577-thiccc-repro/);
  });

  it("says when it falls back to the nodejs22.x figures, and names packages left out", () => {
    const e = estimateColdStart(lambda("nodejs20.x", "x86_64"), bundle(0, ["pg"]));
    expect(e.baseline).toMatchObject({ lowMs: 137, highMs: 147 });
    expect(e.model).toMatch(/no figure for nodejs20\.x; nodejs22\.x used/);
    expect(e.model).toMatch(/not counted \(pg\)/);
  });

  it("has no baseline for Vercel Node.js functions and an isolate start on Workers", () => {
    const vercel: FunctionInfo = { id: "vercel:x", platform: "vercel", runtime: "nodejs", entry: "/p/x.ts", config: { file: "x.ts", line: 1 }, packageRoot: "/p" };
    expect(estimateColdStart(vercel, bundle(1_000_000)).baseline).toBeNull();
    expect(formatEstimate(estimateColdStart(vercel, bundle(1_000_000)))).toBe("~76-158 ms");
    const worker: FunctionInfo = { ...vercel, platform: "cloudflare-workers", runtime: "workerd" };
    expect(estimateColdStart(worker, bundle(1_000_000)).highMs).toBe(163);
  });
});

describe("reporters with a cold-start estimate", () => {
  const result = sampleResult();
  result.functions[2]!.coldStart = estimateColdStart(lambda("nodejs22.x", "x86_64"), result.functions[2]!.bundle!);

  it("json gives the estimate with its model and marks it as one", () => {
    const doc = JSON.parse(json(result));
    expect(doc.functions[2].coldStart).toMatchObject({ lowMs: 137, highMs: 147, estimate: true, load: { msPerMb: [76, 158] } });
    expect(doc.functions[2].coldStart.model).toMatch(/lambda-perf/);
    expect(doc.functions[0].coldStart).toBeUndefined();
    expect(doc.functions[0].bundle.packages).toEqual([{ name: "(project)", bytes: 12000 }]);
  });

  it("pretty prints the estimate with the heaviest functions, and its sources once", () => {
    const text = pretty(result);
    expect(text).toContain("800 B     500 B  cloudflare-workers:src/index.ts · cold start ~137-147 ms (estimate)");
    expect(text).toContain("  cold start estimate = Lambda nodejs22.x x86_64 hello-world init 137-147 ms");
    expect(pretty(result, { verbose: true })).toContain("biggest: your own code 12.0 kB (esbuild metafile)");
  });
});

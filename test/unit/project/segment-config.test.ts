import { describe, expect, it } from "vitest";
import { readSegmentConfig } from "../../../src/project/readers/next/segment-config.js";

describe("readSegmentConfig", () => {
  it("reads literal exports through `as const` and `satisfies`, with lines", async () => {
    const text = [
      'import type { NextConfig } from "next";',
      'export const runtime = "edge" as const;',
      "export const maxDuration = 5 * 60;",
      'export const preferredRegion = ["fra1", "cdg1"];',
      'export const config = { runtime: "experimental-edge", maxDuration: 10 } satisfies Record<string, unknown>;',
    ].join("\n");
    expect(await readSegmentConfig("route.ts", text)).toEqual({
      runtime: { value: "edge", line: 2, column: 14 },
      maxDuration: { value: 300, line: 3, column: 14 },
      regions: { value: ["fra1", "cdg1"], line: 4, column: 14 },
      configRuntime: { value: "experimental-edge", line: 5, column: 25 },
      configMaxDuration: { value: 10, line: 5, column: 55 },
    });
  });

  it("ignores values that are not static, unexported names, and comments", async () => {
    const text = [
      "// export const runtime = 'edge'",
      "const runtime = 'edge';",
      "export const maxDuration = Number(process.env.MAX);",
      "export function GET() { return new Response(runtime); }",
    ].join("\n");
    expect(await readSegmentConfig("route.js", text)).toEqual({});
  });

  it("skips the parse when the text cannot hold a segment config", async () => {
    expect(await readSegmentConfig("route.ts", "export function GET() { return new Response('ok'); }")).toEqual({});
  });

  it("reads files with syntax errors as far as they parse", async () => {
    expect(await readSegmentConfig("route.tsx", "export const runtime = 'nodejs';\nexport function GET( {")).toEqual({
      runtime: { value: "nodejs", line: 1, column: 14 },
    });
  });
});

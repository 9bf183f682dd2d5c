import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/commands/cost.js";
import { captureIo } from "./_io.js";

/** A tiny SAM project whose handler burns CPU and whose module init is slow on purpose. */
function samProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-measure-"));
  mkdirSync(path.join(dir, "src"));
  mkdirSync(path.join(dir, "events"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "measure-me", type: "module" }));
  writeFileSync(
    path.join(dir, "template.yaml"),
    `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  HashFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: hash.handler
      Runtime: nodejs22.x
      MemorySize: 512
      Events:
        Api:
          Type: HttpApi
  BrokenFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: broken.handler
      Runtime: nodejs22.x
`,
  );
  writeFileSync(
    path.join(dir, "src/hash.ts"),
    `import { createHash } from "node:crypto";
const start = Date.now();
while (Date.now() - start < 60) {} // slow module init
export async function handler(event: { rawPath: string }) {
  if (!event.rawPath.startsWith("/from-the-sample-event")) throw new Error("not a sample event from events/");
  let h = "";
  for (let i = 0; i < 2000; i++) h = createHash("sha256").update(h + i).digest("hex");
  return { statusCode: 200, body: JSON.stringify({ path: event.rawPath, h }) };
}
`,
  );
  writeFileSync(path.join(dir, "src/broken.ts"), `export async function handler() { throw new Error("database unreachable"); }\n`);
  writeFileSync(path.join(dir, "events/hash-get.json"), JSON.stringify({ rawPath: "/from-the-sample-event" }));
  return dir;
}

describe("cost --measure", () => {
  it("bundles and runs each function, uses the measurements, and says it ran project code", async () => {
    const dir = samProject();
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 4, format: "json" }, t.io)).toBe(0);
    expect(t.err()).toMatch(/This executes your project's code/);
    expect(t.err()).toMatch(/BrokenFunction: not measured \(the handler threw: database unreachable\)/);
    const r = JSON.parse(t.out());
    const hash = r.estimates.find((e: { function: string }) => e.function.includes("HashFunction"));
    const m = hash.assumptions.measured;
    expect(m.runs).toBe(4);
    expect(m.initMs).toBeGreaterThanOrEqual(60);
    expect(m.cpuMs).toBeGreaterThan(0);
    // Used as CPU, and duration and init scaled from a full core to 512 MB's CPU share.
    expect(hash.assumptions.cpuMs).toBe(m.cpuMs);
    expect(hash.assumptions.initMs).toBeCloseTo((m.initMs * 1769) / 512, 9);
    expect(hash.assumptions.durationMs).toBeGreaterThan(m.wallMs);
    expect(hash.assumptions.defaulted.join(" ")).not.toMatch(/duration|CPU ms|init/);
    const broken = r.estimates.find((e: { function: string }) => e.function.includes("BrokenFunction"));
    expect(broken.assumptions.measured).toBeUndefined();
  });
});

describe("cost --measure samples", () => {
  it("runs every event file meant for the function, takes several cold starts, and gives wall percentiles", async () => {
    const dir = samProject();
    writeFileSync(path.join(dir, "events/hash-post.json"), JSON.stringify({ rawPath: "/from-the-sample-event/post" }));
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 5, format: "json" }, t.io)).toBe(0);
    const r = JSON.parse(t.out());
    const m = r.estimates.find((e: { function: string }) => e.function.includes("HashFunction")).assumptions.measured;
    expect(m.how).toMatch(/with 2 inputs \(event events\/hash-get\.json, event events\/hash-post\.json\), weighted alike/);
    // Two inputs with every run, one more cold start: three init samples, init their median.
    expect(m.initSamplesMs).toHaveLength(3);
    expect(m.initMs).toBe([...m.initSamplesMs].sort((a: number, b: number) => a - b)[1]);
    expect(m.runs).toBe(10);
    const p = m.wallPercentilesMs;
    expect(p.p50).toBeLessThanOrEqual(p.p90);
    expect(p.p90).toBeLessThanOrEqual(p.p99);
    const pretty = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 3 }, pretty.io)).toBe(0);
    expect(pretty.out()).toMatch(/init [\d.,]+ ms \(median of 3 cold starts, [\d.,]+ ms to [\d.,]+ ms\).*\(wall p50 [\d.,]+ ms, p90 [\d.,]+ ms, p99 [\d.,]+ ms; CPU p50 [\d.,]+ ms, p90 [\d.,]+ ms, p99 [\d.,]+ ms\)/);
  });
});

describe("routeParams", () => {
  it("gives each dynamic segment a sample value", async () => {
    const { routeParams } = await import("../../../src/cost/measure.js");
    expect(routeParams("/api/todos/[id]")).toEqual({ id: "1" });
    expect(routeParams("/api/[...path]")).toEqual({ path: ["a", "b"] });
    expect(routeParams("/api/backend/[[...path]]")).toEqual({ path: ["a", "b"] });
    expect(routeParams(undefined)).toEqual({});
  });
});

describe("cost --measure on HTTP functions", () => {
  it("reads a streamed response to its end, so the wall time covers the whole stream", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-measure-stream-"));
    mkdirSync(path.join(dir, "app/api/feed"), { recursive: true });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "stream-me", type: "module", dependencies: { next: "16.0.0" } }));
    writeFileSync(
      path.join(dir, "app/api/feed/route.ts"),
      `export function GET(): Response {
  let n = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      controller.enqueue(new TextEncoder().encode("data: " + n + "\\n\\n"));
      if (++n === 4) controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream" } });
}
`,
    );
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 3, format: "json" }, t.io)).toBe(0);
    const r = JSON.parse(t.out());
    const m = r.estimates.find((e: { function: string }) => e.function === "vercel:app/api/feed/route.ts").assumptions.measured;
    expect(m, t.err()).toBeDefined();
    expect(m.runs).toBe(3);
    // 4 chunks 40 ms apart: at least 160 ms per run, almost none of it CPU.
    expect(m.wallMs).toBeGreaterThanOrEqual(150);
    expect(m.cpuMs).toBeLessThan(m.wallMs / 2);
    expect(m.how).toMatch(/^under Node [\d.]+ with GET \/api\/feed \(limited to 2048 MB\)$/);
  });
});

describe("cost --measure on Workers", () => {
  it("says what is missing when the project has no miniflare to run workerd with", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-measure-worker-"));
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "worker-me", type: "module" }));
    writeFileSync(path.join(dir, "wrangler.jsonc"), JSON.stringify({ name: "worker-me", main: "src/index.ts", compatibility_date: "2026-11-02" }));
    writeFileSync(path.join(dir, "src/index.ts"), `export default { fetch: () => new Response("ok") };\n`);
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 2, format: "json" }, t.io)).toBe(0);
    expect(t.err()).toMatch(/src\/index\.ts: not measured \(miniflare is not installed; it comes with wrangler, so install the project's dependencies first\)/);
    expect(JSON.parse(t.out()).estimates[0].assumptions.measured).toBeUndefined();
  });
});

describe("meetsRange", () => {
  it("reads the range forms engines.node uses", async () => {
    const { meetsRange } = await import("../../../src/cost/find-node.js");
    expect(meetsRange("22.12.0", ">=22.12")).toBe(true);
    expect(meetsRange("22.11.9", ">=22.12")).toBe(false);
    expect(meetsRange("20.20.2", ">=22.0.0")).toBe(false);
    expect(meetsRange("24.1.0", ">=18 <25")).toBe(true);
    expect(meetsRange("23.0.0", "^22 || >=24")).toBe(false);
    expect(meetsRange("22.20.0", "^20.19.0 || >=22.12.0")).toBe(true);
    expect(meetsRange("20.18.9", "^20.19.0 || >=22.12.0")).toBe(false);
    expect(meetsRange("22.5.1", "22.x")).toBe(true);
    expect(meetsRange("22.5.1", "~22.4")).toBe(false);
    expect(meetsRange("25.0.0", ">= 22 < 25")).toBe(false);
    expect(meetsRange("22.0.0", "latest")).toBe(true);
    expect(meetsRange("20.0.0", undefined)).toBe(true);
  });
});

describe("findNode", () => {
  it("takes this Node when it is new enough, else the first node on PATH that is", async () => {
    const { findNode } = await import("../../../src/cost/find-node.js");
    expect(await findNode(">=18", { PATH: "" })).toEqual({ path: process.execPath, version: process.versions.node });
    const fake = (version: string) => {
      const bin = mkdtempSync(path.join(tmpdir(), "coldstart-fake-node-"));
      writeFileSync(path.join(bin, "node"), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
      return bin;
    };
    const [old, newer, newest] = [fake("21.0.0"), fake("99.1.0"), fake("100.0.0")];
    const found = await findNode(">=99", { PATH: [old, newer, newest].join(path.delimiter) });
    expect(found).toEqual({ path: path.join(newer, "node"), version: "99.1.0" });
    expect(await findNode(">=101", { PATH: [old, newer, newest].join(path.delimiter) })).toBeUndefined();
  });
});

describe("cost --measure on a project whose dependencies are not installed", () => {
  it("says which package is missing and what to do", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-measure-uninstalled-"));
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "uninstalled", type: "module", dependencies: { "@acme/not-installed": "1.0.0" } }));
    writeFileSync(path.join(dir, "template.yaml"), "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.handler\n      Runtime: nodejs20.x\n");
    writeFileSync(path.join(dir, "src/app.ts"), 'import { greet } from "@acme/not-installed";\nexport const handler = async () => greet();\n');
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 2, format: "json" }, t.io)).toBe(0);
    expect(t.err()).toMatch(/#Fn: not measured \(@acme\/not-installed is not installed; install the project's dependencies first\)/);
  });
});

describe("cost.functions[id].measurePath", () => {
  it("sets the request sent to an HTTP function, and the report says which", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-measure-path-"));
    mkdirSync(path.join(dir, "app/api/search"), { recursive: true });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "search", type: "module", dependencies: { next: "16.0.0" } }));
    writeFileSync(
      path.join(dir, "app/api/search/route.ts"),
      `export function GET(request: Request): Response {
  const q = new URL(request.url).searchParams.get("q");
  if (!q) throw new Error("no query");
  return Response.json({ q });
}
`,
    );
    const t0 = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 2, format: "json" }, t0.io)).toBe(0);
    expect(t0.err()).toMatch(/not measured \(the handler threw: no query\)/);

    writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify({ cost: { functions: { "vercel:app/api/search/route.ts": { measurePath: "/api/search?q=shoes" } } } }));
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 2, format: "json" }, t.io)).toBe(0);
    const m = JSON.parse(t.out()).estimates[0].assumptions.measured;
    expect(m.how).toMatch(/ with GET \/api\/search\?q=shoes \(limited to 2048 MB\)$/);
  });
});

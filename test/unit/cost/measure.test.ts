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
  if (event.rawPath !== "/from-the-sample-event") throw new Error("not the sample event from events/");
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
    // Used as CPU, and as duration scaled from a full core to 512 MB's CPU share.
    expect(hash.assumptions.cpuMs).toBe(m.cpuMs);
    expect(hash.assumptions.initMs).toBe(m.initMs);
    expect(hash.assumptions.durationMs).toBeGreaterThan(m.wallMs);
    expect(hash.assumptions.defaulted.join(" ")).not.toMatch(/duration|CPU ms|init/);
    const broken = r.estimates.find((e: { function: string }) => e.function.includes("BrokenFunction"));
    expect(broken.assumptions.measured).toBeUndefined();
  });
});

describe("routeParams", () => {
  it("gives each dynamic segment a sample value", async () => {
    const { routeParams } = await import("../../../src/cost/measure.js");
    expect(routeParams("/api/todos/[id]")).toEqual({ id: "1" });
    expect(routeParams("/api/[...path]")).toEqual({ path: ["a", "b"] });
    expect(routeParams(undefined)).toEqual({});
  });
});

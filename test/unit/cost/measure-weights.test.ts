import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/commands/cost.js";
import { LOG_LINE_PREFIX_BYTES, PLATFORM_LINES_BYTES } from "../../../src/cost/measure-logs.js";
import { combineRuns, percentiles, weightedPercentiles, type Figures } from "../../../src/cost/measured.js";
import type { Measured } from "../../../src/cost/types.js";
import { captureIo } from "./_io.js";

const figures = (f: Partial<Figures> & Pick<Figures, "wallMs" | "cpuMs">): Figures => ({ initMs: 10, firstWallMs: f.wallMs * 2, runs: 5, ...f });

describe("weighted percentiles", () => {
  it("are the plain nearest rank with equal weights", () => {
    const xs = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
    const sorted = [...xs].sort((a, b) => a - b);
    const rank = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1];
    expect(percentiles(xs)).toEqual({ p50: rank(50), p90: rank(90), p99: rank(99) });
  });

  it("give each sample its share of the weight", () => {
    // 1 ms carries 85% of the weight, 10 ms 10%, 100 ms 5%.
    const p = weightedPercentiles([
      { value: 100, weight: 0.05 },
      { value: 1, weight: 0.85 },
      { value: 10, weight: 0.1 },
    ]);
    expect(p).toEqual({ p50: 1, p90: 10, p99: 100 });
    // Shares that add up in floating point (0.1 + 0.2 + ...) do not skip a rank.
    expect(weightedPercentiles(Array.from({ length: 10 }, (_, i) => ({ value: i, weight: 0.1 }))).p90).toBe(8);
  });
});

describe("combineRuns", () => {
  it("mixes the inputs by weight and keeps each input's own figures", () => {
    const get = { input: "event events/get.json", weight: 3, runs: [figures({ wallMs: 2, cpuMs: 1, firstWallMs: 20, wallSamples: [1, 2, 3], cpuSamples: [1, 1, 1], logBytes: 100, logLines: 2, responseBytes: 50 })] };
    const post = {
      input: "event events/post.json",
      weight: 1,
      runs: [
        figures({ initMs: 30, wallMs: 10, cpuMs: 6, firstWallMs: 40, wallSamples: [9, 10, 11], cpuSamples: [5, 6, 7], logBytes: 1000, logLines: 0, responseBytes: 250 }),
        // A cold start alone: its init counts, not its single run.
        figures({ initMs: 20, wallMs: 99, cpuMs: 99, runs: 1, wallSamples: [], cpuSamples: [] }),
      ],
    };
    const m = combineRuns([get, post], { how: "h", weighting: { from: "config", detail: "x" }, logLinePrefixBytes: 67 });
    expect(m.wallMs).toBeCloseTo(0.75 * 2 + 0.25 * 10, 12);
    expect(m.cpuMs).toBeCloseTo(0.75 * 1 + 0.25 * 6, 12);
    expect(m.firstWallMs).toBeCloseTo(0.75 * 20 + 0.25 * 40, 12);
    expect(m.initSamplesMs).toEqual([10, 30, 20]);
    expect(m.initMs).toBe(20);
    expect(m.runs).toBe(10);
    expect(m.inputs!.map((i) => [i.input, i.weight])).toEqual([
      ["event events/get.json", 0.75],
      ["event events/post.json", 0.25],
    ]);
    expect(m.inputs![1]).toMatchObject({ wallMs: 10, cpuMs: 6, runs: 5, wallPercentilesMs: { p50: 10, p90: 11, p99: 11 }, logBytes: 1000, responseBytes: 250 });
    // Log lines carry Lambda's prefix each.
    expect(m.inputs![0]!.logBytes).toBe(100 + 2 * 67);
    expect(m.logBytes).toBeCloseTo(0.75 * 234 + 0.25 * 1000, 9);
    expect(m.responseBytes).toBeCloseTo(0.75 * 50 + 0.25 * 250, 9);
    // Each GET sample weighs 0.25, each POST sample 0.25/3: p50 is the second GET run, p90 among the POST runs.
    expect(m.wallPercentilesMs).toEqual({ p50: 2, p90: 10, p99: 11 });
    expect(m.weighting).toEqual({ from: "config", detail: "x" });
  });
});

/** A SAM function with two event files: GET is cheap and logs one line, POST burns CPU and logs more. */
function samProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-measure-weights-"));
  mkdirSync(path.join(dir, "src"));
  mkdirSync(path.join(dir, "events"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "weights", type: "module" }));
  writeFileSync(
    path.join(dir, "template.yaml"),
    `Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: orders.handler
      Runtime: nodejs22.x
      MemorySize: 1024
      Events:
        Api:
          Type: HttpApi
`,
  );
  writeFileSync(
    path.join(dir, "src/orders.ts"),
    `import { createHash } from "node:crypto";
export async function handler(event: { routeKey: string }) {
  if (event.routeKey === "GET /health") {
    console.log("health ok");
    return { statusCode: 200, body: "ok" };
  }
  let h = "";
  for (let i = 0; i < 3000; i++) h = createHash("sha256").update(h + i).digest("hex");
  console.info("order", h);
  process.stdout.write("raw line\\n");
  return { statusCode: 201, body: JSON.stringify({ id: h }) };
}
`,
  );
  writeFileSync(path.join(dir, "events/orders-get-health.json"), JSON.stringify({ routeKey: "GET /health" }));
  writeFileSync(path.join(dir, "events/orders-post.json"), JSON.stringify({ routeKey: "POST /orders" }));
  return dir;
}

const ID = "aws-lambda:src/orders.ts#OrdersFunction";
const config = (dir: string, events: unknown) => writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify({ cost: { functions: { [ID]: { events } } } }));

interface JsonEstimate {
  function: string;
  lines: Array<{ item: string; quantity: number; source?: { kind: string; detail: string } }>;
  assumptions: { cpuMs: number; measured: Measured; notes: string[] };
}

describe("cost.functions[id].events", () => {
  it("measures the handler with each configured event, prices the weighted mix, and every format shows it", async () => {
    const dir = samProject();
    config(dir, { "events/orders-get-health.json": 9, "events/orders-post.json": 1 });
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 4, format: "json", html: "report.html" }, t.io), t.err()).toBe(0);
    const estimate = (JSON.parse(t.out()) as { estimates: JsonEstimate[] }).estimates[0]!;
    const m = estimate.assumptions.measured;
    // The JSON shape scripts read.
    expect(Object.keys(m).sort()).toEqual(
      ["cpuMs", "cpuPercentilesMs", "firstWallMs", "how", "initMs", "initSamplesMs", "inputs", "logBytes", "responseBytes", "runs", "wallMs", "wallPercentilesMs", "weighting"].sort(),
    );
    expect(Object.keys(m.inputs![0]!).sort()).toEqual(["cpuMs", "cpuPercentilesMs", "firstWallMs", "input", "logBytes", "responseBytes", "runs", "wallMs", "wallPercentilesMs", "weight"].sort());
    expect(m.weighting).toEqual({ from: "config", detail: `cost.functions["${ID}"].events` });
    const [health, post] = m.inputs!;
    expect([health!.input, health!.weight, post!.input, post!.weight]).toEqual(["event events/orders-get-health.json", 0.9, "event events/orders-post.json", 0.1]);
    // The real runs: hashing 3,000 times costs more CPU than answering "ok".
    expect(post!.cpuMs).toBeGreaterThan(health!.cpuMs);
    expect(m.cpuMs).toBeCloseTo(0.9 * health!.cpuMs + 0.1 * post!.cpuMs, 9);
    expect(m.wallMs).toBeCloseTo(0.9 * health!.wallMs + 0.1 * post!.wallMs, 9);
    expect(estimate.assumptions.cpuMs).toBe(m.cpuMs);
    expect(m.initSamplesMs).toHaveLength(3);
    for (const p of [m.wallPercentilesMs!, m.cpuPercentilesMs!, health!.wallPercentilesMs!, post!.cpuPercentilesMs!]) {
      expect(p.p50).toBeLessThanOrEqual(p.p90);
      expect(p.p90).toBeLessThanOrEqual(p.p99);
    }
    // What each handler wrote: console lines get Lambda's prefix, a raw stdout write does not.
    expect(health!.logBytes).toBe(Buffer.byteLength("health ok\n") + LOG_LINE_PREFIX_BYTES);
    expect(post!.logBytes).toBe(Buffer.byteLength(`order ${"x".repeat(64)}\n`) + LOG_LINE_PREFIX_BYTES + Buffer.byteLength("raw line\n"));
    expect(health!.responseBytes).toBe(2);
    expect(post!.responseBytes).toBe(Buffer.byteLength(JSON.stringify({ id: "x".repeat(64) })));
    // ...and feed the CloudWatch Logs line, measured.
    const logs = estimate.lines.find((l) => l.item.startsWith("CloudWatch Logs ingestion"))!;
    expect(logs.source?.kind).toBe("measured");
    const perInvocation = Math.round(0.9 * health!.logBytes! + 0.1 * post!.logBytes! + PLATFORM_LINES_BYTES);
    expect(logs.quantity).toBeCloseTo((perInvocation * 1_000_000) / 1024 ** 3, 6);

    const html = readFileSync(path.join(dir, "report.html"), "utf8");
    const pretty = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 3 }, pretty.io)).toBe(0);
    const markdown = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 3, format: "markdown" }, markdown.io)).toBe(0);
    for (const [format, text] of [["html", html], ["pretty", pretty.out()], ["markdown", markdown.out()]] as const) {
      expect(text, format).toMatch(/init [\d.,]+ ms \(median of 3 cold starts/);
      expect(text, format).toMatch(/wall p50 [\d.,]+ ms, p90 [\d.,]+ ms, p99 [\d.,]+ ms; CPU p50/);
      expect(text, format).toContain(`Inputs weighted by config cost.functions[${format === "html" ? "&quot;" : '"'}${ID}${format === "html" ? "&quot;" : '"'}].events:`);
      expect(text, format).toMatch(/event events\/orders-get-health\.json, 90% of traffic: wall [\d.,]+ ms, CPU [\d.,]+ ms/);
      expect(text, format).toMatch(/event events\/orders-post\.json, 10% of traffic: wall .*bytes logged and 73 bytes answered per invocation/);
    }
  });

  it("without config counts every event file alike, and says so", async () => {
    const dir = samProject();
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 2 }, t.io)).toBe(0);
    expect(t.out()).toContain("Inputs weighted alike (no cost.functions[id].events in config):");
    expect(t.out()).toMatch(/event events\/orders-get-health\.json, 50% of traffic/);
    expect(t.out()).toMatch(/event events\/orders-post\.json, 50% of traffic/);
  });

  it.each([
    ["a file that does not exist", { "events/nope.json": 1 }, /cost\.functions\["aws-lambda:src\/orders\.ts#OrdersFunction"\]\.events\["events\/nope\.json"\]: no such file/],
    ["a path outside the project", { "../outside.json": 1 }, /events\["\.\.\/outside\.json"\]: is outside the project/],
    ["an absolute path", { "/etc/hostname": 1 }, /must be a path relative to the project/],
    ["a weight of zero", { "events/orders-post.json": 0 }, /events\.events\/orders-post\.json: a weight must be above 0|a weight must be above 0/],
    ["a negative weight", { "events/orders-post.json": -2 }, /a weight must be above 0/],
    ["no files", {}, /name at least one event file/],
    ["a file that is not JSON", { "template.yaml": 1 }, /events\["template\.yaml"\]: is not JSON/],
  ])("rejects %s with exit 2", async (_, events, message) => {
    const dir = samProject();
    writeFileSync(path.join(path.dirname(dir), "outside.json"), "{}");
    config(dir, events);
    const t = captureIo(dir);
    await expect(run({ dir: ".", measure: true, runs: 2 }, t.io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
    // Checked without --measure too: the config is wrong either way, and nothing ran.
    await expect(run({ dir: "." }, captureIo(dir).io)).rejects.toMatchObject({ exitCode: 2 });
    expect(t.err()).not.toMatch(/This executes your project's code/);
  });

  it("rejects events for an unknown function or one called over HTTP", async () => {
    const dir = samProject();
    writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify({ cost: { functions: { "aws-lambda:src/nope.ts#Nope": { events: { "events/orders-post.json": 1 } } } } }));
    await expect(run({ dir: "." }, captureIo(dir).io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/no function has this id/) });

    const next = mkdtempSync(path.join(tmpdir(), "coldstart-measure-weights-next-"));
    mkdirSync(path.join(next, "app/api/x"), { recursive: true });
    writeFileSync(path.join(next, "package.json"), JSON.stringify({ name: "n", dependencies: { next: "16.0.0" } }));
    writeFileSync(path.join(next, "app/api/x/route.ts"), "export function GET() { return new Response('x'); }\n");
    writeFileSync(path.join(next, "e.json"), "{}");
    writeFileSync(path.join(next, "coldstart.config.json"), JSON.stringify({ cost: { functions: { "vercel:app/api/x/route.ts": { events: { "e.json": 1 } } } } }));
    await expect(run({ dir: "." }, captureIo(next).io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/event files are for Lambda functions/) });
  });

  it("is not a default for every function", async () => {
    const dir = samProject();
    writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify({ cost: { defaults: { events: { "events/orders-post.json": 1 } } } }));
    await expect(run({ dir: "." }, captureIo(dir).io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/events/) });
  });
});

describe("measured response bytes on Vercel", () => {
  it("size the CDN transfer, marked measured", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-measure-bytes-"));
    mkdirSync(path.join(dir, "app/api/big"), { recursive: true });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "big", type: "module", dependencies: { next: "16.0.0" } }));
    writeFileSync(path.join(dir, "app/api/big/route.ts"), `export function GET(): Response { return new Response("x".repeat(50_000)); }\n`);
    const t = captureIo(dir);
    expect(await run({ dir: ".", measure: true, runs: 2, format: "json" }, t.io)).toBe(0);
    const estimate = (JSON.parse(t.out()) as { estimates: JsonEstimate[] }).estimates[0]!;
    expect(estimate.assumptions.measured.responseBytes).toBe(50_000);
    // Priced as Fast Origin and Fast Data Transfer when the price table has CDN rates, else named in a note.
    const measured = estimate.lines.filter((l) => l.source?.kind === "measured").map((l) => l.source!.detail);
    const said = [...measured, ...estimate.assumptions.notes].join("\n");
    expect(said).toMatch(/50,000 bytes per response(, measured| body, as the handler answered)/);
  });
});

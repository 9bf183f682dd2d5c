import { describe, expect, it } from "vitest";
import { runsPerDay } from "../../../src/audit/analysis/plan-evidence.js";
import { runAudit } from "../../../src/audit/engine.js";
import { json } from "../../../src/report/json.js";
import { markdown } from "../../../src/report/markdown.js";
import { pretty } from "../../../src/report/pretty.js";
import { sarif } from "../../../src/report/sarif.js";
import { tempProject } from "../frameworks/_audit-fixture.js";

describe("runsPerDay", () => {
  it("counts the minute and hour values of a five-field schedule", () => {
    expect(runsPerDay("* * * * *")).toBe(1440);
    expect(runsPerDay("*/5 * * * *")).toBe(288);
    expect(runsPerDay("0 * * * *")).toBe(24);
    expect(runsPerDay("0 0,12 * * *")).toBe(2);
    expect(runsPerDay("30 9-17/4 * * 1-5")).toBe(3);
    expect(runsPerDay("0 0 * * *")).toBe(1);
    expect(runsPerDay("15 3 1 * *")).toBe(1);
    expect(runsPerDay("@hourly")).toBeUndefined();
    expect(runsPerDay("0 24 * * *")).toBeUndefined();
  });
});

const project = (files: Record<string, string>) => tempProject("plan", files);

const ROUTE = "export const maxDuration = 600;\nexport async function GET() {\n  return Response.json({ ok: true });\n}\n";
const PKG = JSON.stringify({ name: "app", private: true, dependencies: { next: "15.5.4" } });

describe("plans read from the project", { timeout: 60_000 }, () => {
  it("takes Vercel Pro from crons more often than daily and from several regions, and says so", async () => {
    const root = project({
      "package.json": PKG,
      "app/api/report/route.ts": ROUTE,
      "vercel.json": JSON.stringify({ regions: ["iad1", "fra1"], crons: [{ path: "/api/report", schedule: "0 0 * * *" }, { path: "/api/report", schedule: "* * * * *" }] }, null, 2),
    });
    const result = await runAudit({ root, today: "2026-05-01" });
    expect(result.findings.filter((f) => f.ruleId === "timeout/exceeds-limit")).toEqual([]);
    expect(result.plans).toEqual([
      {
        setting: "vercel.plan",
        plan: "pro",
        evidence: [
          { file: "vercel.json", line: 13, why: 'the cron "* * * * *" runs 1440 times a day, and Hobby runs crons at most once a day' },
          { file: "vercel.json", line: 2, why: "regions lists 2 regions, and Hobby deploys functions to one" },
          { file: "app/api/report/route.ts", line: 1, why: "maxDuration is 600 s for /api/report, and Hobby allows at most 300 s" },
        ],
      },
    ]);
    expect(pretty(result)).toContain('Plan: vercel.plan "pro", read from the project: vercel.json:13: the cron "* * * * *" runs 1440 times a day, and Hobby runs crons at most once a day (and 2 more). Set vercel.plan in coldstart\'s config to override it.');
    expect(JSON.parse(json(result)).plans).toEqual(result.plans);
  });

  it("lists maxDuration above Hobby's maximum after the crons, once per place it is written", async () => {
    const root = project({
      "package.json": PKG,
      "app/api/report/route.ts": ROUTE,
      "app/api/export/route.ts": ROUTE,
      "app/api/quick/route.ts": "export const maxDuration = 60;\nexport async function GET() {\n  return Response.json({});\n}\n",
      "vercel.json": JSON.stringify({ crons: [{ path: "/api/report", schedule: "0 * * * *" }] }, null, 2),
    });
    const result = await runAudit({ root, today: "2026-05-01" });
    expect(result.plans).toEqual([
      {
        setting: "vercel.plan",
        plan: "pro",
        evidence: [
          { file: "vercel.json", line: 5, why: 'the cron "0 * * * *" runs 24 times a day, and Hobby runs crons at most once a day' },
          { file: "app/api/export/route.ts", line: 1, why: "maxDuration is 600 s for /api/export, and Hobby allows at most 300 s" },
          { file: "app/api/report/route.ts", line: 1, why: "maxDuration is 600 s for /api/report, and Hobby allows at most 300 s" },
        ],
      },
    ]);
    expect(result.findings.filter((f) => f.ruleId === "timeout/exceeds-limit")).toEqual([]);
    expect(pretty(result, { verbose: true })).toContain("app/api/export/route.ts:1: maxDuration is 600 s for /api/export");
  });

  it("takes Pro from maxDuration alone, says so in one plan line instead of a warning per function, and still errs above Pro's maximum", async () => {
    const root = project({
      "package.json": PKG,
      "app/api/report/route.ts": ROUTE,
      "app/api/archive/route.ts": "export const maxDuration = 900;\nexport async function GET() {\n  return Response.json({});\n}\n",
      "vercel.json": JSON.stringify({ functions: { "app/api/**/route.ts": { maxDuration: 700 } } }, null, 2),
    });
    const result = await runAudit({ root, today: "2026-05-01" });
    expect(result.plans).toHaveLength(1);
    const plan = result.plans![0]!;
    expect(plan.caveat).toBe("inferred from maxDuration alone: on Hobby the deploy is refused, so set vercel.plan in coldstart's config to confirm it");
    expect(plan.evidence.map((e) => `${e.file}:${e.line}`)).toEqual(["app/api/report/route.ts:1"]);
    const limit = result.findings.filter((f) => f.ruleId === "timeout/exceeds-limit");
    expect(limit.map((f) => `${f.severity} ${f.file}:${f.line}`)).toEqual(["error app/api/archive/route.ts:1"]);
    expect(limit[0]!.message).toContain("above Vercel's (Pro and Enterprise) maximum of 800 s");
    const text = pretty(result);
    expect(text).toContain('Plan: vercel.plan "pro", inferred from maxDuration alone: on Hobby the deploy is refused, so set vercel.plan in coldstart\'s config to confirm it. Evidence: app/api/report/route.ts:1: maxDuration is 600 s for /api/report, and Hobby allows at most 300 s.');
    expect(markdown(result)).toContain("Plan: vercel.plan \"pro\", inferred from maxDuration alone");
    expect(JSON.parse(json(result)).plans).toEqual(result.plans);
    const notes = (JSON.parse(sarif(result)) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string }; locations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }> }> }> }).runs[0]!.invocations[0]!.toolExecutionNotifications;
    const planNote = notes.find((n) => n.message.text.startsWith("Plan: "));
    expect(planNote?.message.text).toContain("inferred from maxDuration alone");
    expect(planNote?.locations?.[0]?.physicalLocation).toMatchObject({ artifactLocation: { uri: "app/api/report/route.ts" }, region: { startLine: 1 } });
  });

  it("infers nothing from daily crons or maxDuration within Hobby's maximum, and the config always wins", async () => {
    const daily = project({
      "package.json": PKG,
      "app/api/report/route.ts": "export const maxDuration = 300;\nexport async function GET() {\n  return Response.json({});\n}\n",
      "vercel.json": JSON.stringify({ crons: [{ path: "/api/report", schedule: "0 3 * * *" }] }),
    });
    const result = await runAudit({ root: daily, today: "2026-05-01" });
    expect(result.plans).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "timeout/exceeds-limit")).toEqual([]);
    const hobby = project({
      "package.json": PKG,
      "app/api/report/route.ts": ROUTE,
      "vercel.json": JSON.stringify({ crons: [{ path: "/api/report", schedule: "*/10 * * * *" }] }),
      "coldstart.config.json": JSON.stringify({ vercel: { plan: "hobby" } }),
    });
    const configured = await runAudit({ root: hobby, today: "2026-05-01" });
    expect(configured.plans).toEqual([]);
    expect(configured.findings.map((f) => `${f.ruleId} ${f.severity}`)).toContain("timeout/exceeds-limit error");
    expect(pretty(configured)).not.toContain("Plan:");
    const pro = project({ "package.json": PKG, "app/api/report/route.ts": ROUTE, "coldstart.config.json": JSON.stringify({ vercel: { plan: "pro" } }) });
    const stated = await runAudit({ root: pro, today: "2026-05-01" });
    expect(stated.plans).toEqual([]);
    expect(stated.findings.filter((f) => f.ruleId === "timeout/exceeds-limit")).toEqual([]);
  });

  it("takes Workers Paid from limits.cpu_ms above the Free plan's 10 ms", async () => {
    const root = project({
      "package.json": JSON.stringify({ name: "w", private: true }),
      "wrangler.toml": 'name = "w"\nmain = "src/index.ts"\ncompatibility_date = "2025-09-15"\n\n[limits]\ncpu_ms = 50\n',
      "src/index.ts": "export default { fetch: () => new Response('ok') };\n",
    });
    const result = await runAudit({ root, today: "2026-05-01" });
    expect(result.plans).toEqual([{ setting: "workers.plan", plan: "paid", evidence: [{ file: "wrangler.toml", line: 5, why: "limits.cpu_ms is 50, and the Free plan's CPU time is fixed at 10 ms" }] }]);
  });

  const WORKER = "export default { fetch: () => new Response('ok') };\n";
  const TAIL_WHY = "tail_consumers sends the Worker's events to a Tail Worker, and Tail Workers are on the Workers Paid and Enterprise plans only";
  const LOGPUSH_WHY = "logpush = true turns on Workers Trace Events Logpush, which is on the Workers Paid plan only";
  const CONTAINERS_WHY = "containers runs Cloudflare Containers, which are on the Workers Paid plan only";
  const paid = (evidence: Array<{ file: string; line: number; why: string }>) => [{ setting: "workers.plan", plan: "paid", evidence }];

  it("takes Workers Paid from tail_consumers and logpush in wrangler.toml, pointing at their lines", async () => {
    const root = project({
      "package.json": JSON.stringify({ name: "w", private: true }),
      "wrangler.toml": 'name = "w"\nmain = "src/index.ts"\ncompatibility_date = "2025-09-15"\nlogpush = true\n\n[[tail_consumers]]\nservice = "log-shipper"\n',
      "src/index.ts": WORKER,
    });
    const result = await runAudit({ root, today: "2026-05-01" });
    expect(result.plans).toEqual(paid([{ file: "wrangler.toml", line: 4, why: LOGPUSH_WHY }, { file: "wrangler.toml", line: 6, why: TAIL_WHY }]));
    expect(pretty(result)).toContain(`Plan: workers.plan "paid", read from the project: wrangler.toml:4: ${LOGPUSH_WHY} (and 1 more).`);
  });

  it("takes Workers Paid from containers in wrangler.jsonc, and from an environment's own logpush and tail_consumers in wrangler.json", async () => {
    const jsonc = project({
      "package.json": JSON.stringify({ name: "w", private: true }),
      "wrangler.jsonc": `{
  // the image-resizing container
  "name": "w",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-15",
  "containers": [{ "class_name": "Resizer", "image": "./Dockerfile", "max_instances": 5 }],
  "durable_objects": { "bindings": [{ "name": "RESIZER", "class_name": "Resizer" }] },
}
`,
      "src/index.ts": WORKER,
    });
    expect((await runAudit({ root: jsonc, today: "2026-05-01" })).plans).toEqual(paid([{ file: "wrangler.jsonc", line: 6, why: CONTAINERS_WHY }]));
    const json = project({
      "package.json": JSON.stringify({ name: "w", private: true }),
      "wrangler.json": JSON.stringify({ name: "w", main: "src/index.ts", compatibility_date: "2025-09-15", env: { production: { logpush: true }, staging: { tail_consumers: [{ service: "tail" }] } } }, null, 2),
      "src/index.ts": WORKER,
    });
    expect((await runAudit({ root: json, today: "2026-05-01" })).plans).toEqual(paid([{ file: "wrangler.json", line: 7, why: LOGPUSH_WHY }, { file: "wrangler.json", line: 10, why: TAIL_WHY }]));
  });

  it("takes nothing from bindings with a free tier, from logpush = false or empty lists, and workers.plan in the config wins", async () => {
    const free = project({
      "package.json": JSON.stringify({ name: "w", private: true }),
      "wrangler.toml": [
        'name = "w"',
        'main = "src/index.ts"',
        'compatibility_date = "2025-09-15"',
        "logpush = false",
        "tail_consumers = []",
        "containers = []",
        "[[durable_objects.bindings]]",
        'name = "ROOM"',
        'class_name = "Room"',
        "[[queues.producers]]",
        'binding = "JOBS"',
        'queue = "jobs"',
        "[[hyperdrive]]",
        'binding = "DB"',
        'id = "0123"',
        "[[d1_databases]]",
        'binding = "D1"',
        'database_id = "0123"',
        "[[kv_namespaces]]",
        'binding = "KV"',
        'id = "0123"',
        "[[r2_buckets]]",
        'binding = "R2"',
        'bucket_name = "files"',
        "[[vectorize]]",
        'binding = "VEC"',
        'index_name = "docs"',
        "[[workflows]]",
        'name = "sync"',
        'binding = "SYNC"',
        'class_name = "Sync"',
        "",
      ].join("\n"),
      "src/index.ts": WORKER,
    });
    expect((await runAudit({ root: free, today: "2026-05-01" })).plans).toEqual([]);
    const configured = project({
      "package.json": JSON.stringify({ name: "w", private: true }),
      "wrangler.toml": 'name = "w"\nmain = "src/index.ts"\ncompatibility_date = "2025-09-15"\nlogpush = true\n',
      "src/index.ts": WORKER,
      "coldstart.config.json": JSON.stringify({ workers: { plan: "free" } }),
    });
    expect((await runAudit({ root: configured, today: "2026-05-01" })).plans).toEqual([]);
  });
});

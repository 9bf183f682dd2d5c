import { describe, expect, it } from "vitest";
import { runsPerDay } from "../../../src/audit/analysis/plan-evidence.js";
import { runAudit } from "../../../src/audit/engine.js";
import { json } from "../../../src/report/json.js";
import { pretty } from "../../../src/report/pretty.js";
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
        ],
      },
    ]);
    expect(pretty(result)).toContain('Plan: vercel.plan "pro", read from the project: vercel.json:13: the cron "* * * * *" runs 1440 times a day, and Hobby runs crons at most once a day (and 1 more). Set vercel.plan in coldstart\'s config to override it.');
    expect(JSON.parse(json(result)).plans).toEqual(result.plans);
  });

  it("infers nothing from daily crons or from maxDuration itself, and the config always wins", async () => {
    const daily = project({ "package.json": PKG, "app/api/report/route.ts": ROUTE, "vercel.json": JSON.stringify({ crons: [{ path: "/api/report", schedule: "0 3 * * *" }] }) });
    const result = await runAudit({ root: daily, today: "2026-05-01" });
    expect(result.plans).toEqual([]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity}`)).toContain("timeout/exceeds-limit warning");
    const hobby = project({
      "package.json": PKG,
      "app/api/report/route.ts": ROUTE,
      "vercel.json": JSON.stringify({ crons: [{ path: "/api/report", schedule: "*/10 * * * *" }] }),
      "coldstart.config.json": JSON.stringify({ vercel: { plan: "hobby" } }),
    });
    const configured = await runAudit({ root: hobby, today: "2026-05-01" });
    expect(configured.plans).toEqual([]);
    expect(configured.findings.map((f) => `${f.ruleId} ${f.severity}`)).toContain("timeout/exceeds-limit error");
  });

  it("takes Workers Paid from limits.cpu_ms above the Free plan's 10 ms", async () => {
    const root = project({
      "package.json": JSON.stringify({ name: "w", private: true }),
      "wrangler.toml": 'name = "w"\nmain = "src/index.ts"\ncompatibility_date = "2025-09-15"\n\n[limits]\ncpu_ms = 50\n',
      "src/index.ts": "export default { fetch: () => new Response('ok') };\n",
    });
    const result = await runAudit({ root, today: "2026-05-01" });
    expect(result.plans).toEqual([{ setting: "workers.plan", plan: "paid", evidence: [{ file: "wrangler.toml", line: expect.any(Number), why: "limits.cpu_ms is 50, and the Free plan's CPU time is fixed at 10 ms" }] }]);
  });
});

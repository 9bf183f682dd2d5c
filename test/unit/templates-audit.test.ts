import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OTHER_SHARDS, otherTemplates, otherTemplatesShard, routeHandlers, scaffoldAndAudit } from "./_templates-audit.js";

// The platforms' own templates (see _templates-audit.ts); the others are in templates-audit-others-N.test.ts.
describe("every template from create audits clean", { timeout: 240_000 }, () => {
  it("vercel: every route handler and the proxy are found, bundled and clean", async () => {
    const { dir, report } = await scaffoldAndAudit("vercel");
    const handlers = routeHandlers(dir);
    expect(handlers).toEqual(expect.arrayContaining(["app/api/todos/route.ts", "app/api/todos/[id]/route.ts", "app/api/health/route.ts"]));
    const expected = [...handlers, "proxy.ts"].map((entry) => `vercel:${entry}`).sort();
    expect(report.functions.map((fn) => fn.id).sort()).toEqual(expected);
    expect(report.functions.every((fn) => fn.platform === "vercel")).toBe(true);
  });

  it("workers: the Worker named in wrangler.jsonc is found, bundled and clean", async () => {
    const { report } = await scaffoldAndAudit("workers");
    expect(report.functions.map((fn) => [fn.id, fn.platform, fn.entry])).toEqual([
      ["cloudflare-workers:src/index.ts", "cloudflare-workers", "src/index.ts"],
    ]);
  });

  it("lambda: the HTTP API function and the SQS worker are found, bundled and clean", async () => {
    const { report } = await scaffoldAndAudit("lambda");
    expect(report.functions.map((fn) => fn.id).sort()).toEqual([
      "aws-lambda:src/handlers/api.ts#ApiFunction",
      "aws-lambda:src/handlers/orders-worker.ts#OrdersWorkerFunction",
    ]);
  });

  it("every other template is audited by exactly one templates-audit-others file", () => {
    const files = readdirSync(path.dirname(fileURLToPath(import.meta.url))).filter((f) => /^templates-audit-others-\d+\.test\.ts$/.test(f));
    expect(files.sort()).toEqual(Array.from({ length: OTHER_SHARDS }, (_, i) => `templates-audit-others-${i + 1}.test.ts`).sort());
    const shards = Array.from({ length: OTHER_SHARDS }, (_, i) => otherTemplatesShard(i + 1));
    expect(shards.flat().map(([name]) => name).sort()).toEqual(otherTemplates().map(([name]) => name).sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(0);
  });
});

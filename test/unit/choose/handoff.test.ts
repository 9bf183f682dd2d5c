import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FACTS } from "../../../src/choose/facts.js";
import { resolveHandOff, templateWish } from "../../../src/choose/handoff.js";
import { breakEvenCpuHours, SERVER_MONTHLY_USD, serverEstimate, SMALL_SERVER } from "../../../src/cost/server.js";
import { loadTemplates } from "../../../src/scaffold/registry.js";
import { templatesRoot } from "../../../src/scaffold/templates.js";

const docs = readFileSync(path.join(import.meta.dirname, "../../../docs/choose.md"), "utf8");

describe("hand-off to create", () => {
  it("takes a template made for the need as soon as it exists, and skips the ones that do not", () => {
    const wish = templateWish("cloudflare-workers", "websocket");
    const today = resolveHandOff(wish, ["workers", "workers-cron"]);
    expect(today).toMatchObject({ target: "workers", template: "workers", skipped: ["workers-durable-object"] });
    expect(today.change).toMatch(/acceptWebSocket/);
    const later = resolveHandOff(wish, ["workers", "workers-durable-object"]);
    expect(later).toEqual({ target: "workers", template: "workers-durable-object", skipped: [] });
  });

  it("falls back to the platform's own template, saying so, when no candidate exists", () => {
    const h = resolveHandOff(templateWish("aws-lambda", "queue"), ["lambda"]);
    expect(h).toMatchObject({ target: "lambda", template: "lambda", skipped: ["lambda-sqs"] });
    expect(h.change).toMatch(/none of lambda-sqs is available/);
  });

  it("ends every list with a template this coldstart ships, so the answer always names one that exists", () => {
    const shipped = loadTemplates(templatesRoot()).map((t) => t.name);
    for (const platform of ["vercel", "cloudflare-workers", "aws-lambda"] as const) {
      for (const need of ["api", "postgres", "edge-middleware", "middleware", "streaming", "websocket", "cron", "queue", "files", "durable", "cpu"] as const) {
        const wish = templateWish(platform, need);
        const last = wish.candidates[wish.candidates.length - 1]!;
        expect(shipped, `${platform}/${need}`).toContain(last.name);
        // Only the last, the one that exists today, may be a stand-in that says what to change.
        expect(wish.candidates.slice(0, -1).filter((c) => c.change), `${platform}/${need}`).toEqual([]);
      }
    }
  });
});

describe("the small server", () => {
  it("is a Fargate task at the published rates: 730 h x (1 vCPU x $0.03238 + 2 GB x $0.00356)", () => {
    expect(SERVER_MONTHLY_USD).toBeCloseTo(730 * (0.03238 + 2 * 0.00356), 6);
    expect(serverEstimate(100)).toMatchObject({ servers: 1, monthlyUsd: SERVER_MONTHLY_USD });
    // 70% of 730 h is 511 h per server.
    expect(serverEstimate(510).servers).toBe(1);
    expect(serverEstimate(512).servers).toBe(2);
  });

  it("breaks even where the per-hour bill reaches the servers' price", () => {
    const perHour = 0.0829;
    const hours = breakEvenCpuHours(perHour)!;
    expect(hours * perHour).toBeCloseTo(SERVER_MONTHLY_USD, 6);
    // Cheaper per hour than a busy server: the servers never win.
    expect(breakEvenCpuHours(SERVER_MONTHLY_USD / 730 / 0.7 / 2)).toBeUndefined();
  });
});

describe("docs/choose.md", () => {
  it("cites every fact the decision rests on, with the date it was checked", () => {
    for (const [name, fact] of Object.entries(FACTS)) {
      for (const url of fact.source.match(/https:\/\/\S+/g) ?? []) expect(docs, name).toContain(url.replace(/[;,)]$/, ""));
      expect(docs).toContain(fact.checked);
    }
  });

  it("states the server, its price and its source", () => {
    expect(docs).toContain(SMALL_SERVER.source.split(" ")[0]);
    expect(docs).toContain(`$${SMALL_SERVER.usdPerVcpuHour}`);
    expect(docs).toContain(`$${SERVER_MONTHLY_USD.toFixed(2)}`);
  });
});

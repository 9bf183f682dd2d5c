import { describe, expect, it } from "vitest";
import { resolveUsage, type Settings } from "../../../src/cost/assumptions.js";
import { priceLambda } from "../../../src/cost/lambda.js";
import { DEFAULT_PRICES } from "../../../src/cost/price-table.js";
import { discoverProject } from "../../../src/project/discover.js";
import { fixture } from "../project/_fixtures.js";
import type { FrontDoor, LambdaExtras, Line, LineSource, Usage } from "../../../src/cost/types.js";
import { sumUsd, usage } from "./_usage.js";

const after = { billingDate: "2026-09-01" };
const source: LineSource = { kind: "project", detail: "test" };

function extras(door: FrontDoor, more: Partial<LambdaExtras["frontDoor"]> = {}, logBytes = 0): LambdaExtras {
  return {
    frontDoor: { kind: door, source, ...more },
    tracing: { active: false, source },
    logs: { bytesPerInvocation: logBytes, source },
    provisionedConcurrency: { units: 0, source },
  };
}
const lambdaOnly = (u: Usage) => priceLambda([{ id: "f", usage: { ...u, lambda: extras("none") } }], DEFAULT_PRICES, after)[0]!;
const priced = (u: Usage) => priceLambda([{ id: "f", usage: u }], DEFAULT_PRICES, after)[0]!;
const item = (lines: Line[], name: string) => lines.filter((l) => l.item.startsWith(name));

describe("API Gateway WebSocket API", () => {
  const ws = (o: Partial<NonNullable<LambdaExtras["frontDoor"]["webSocket"]>> = {}) =>
    extras("websocket-api", { webSocket: { messagesPerInvocation: 1, connectionMinutes: { perMessage: 1 }, source: { kind: "default", detail: "one minute per message" }, ...o } });

  it("10M invocations, one message each, one connection minute per message: 10M x $1.00/M + 10M x $0.25/M = $12.50, free tier on or off", () => {
    for (const freeTier of [true, false]) {
      const r = priced(usage({ invocations: 10e6, freeTier, lambda: ws() }));
      expect(sumUsd(item(r.lines, "API Gateway WebSocket messages"))).toBeCloseTo(10, 9);
      expect(sumUsd(item(r.lines, "API Gateway WebSocket connection minutes"))).toBeCloseTo(2.5, 9);
      expect(item(r.lines, "API Gateway WebSocket connection minutes")[0]).toMatchObject({ quantity: 10e6, source: { kind: "default" } });
      // The 12-month free tier (1M messages, 750,000 minutes) is for new accounts: stated, not applied.
      expect(r.notes.join(" ")).toMatch(/1M WebSocket messages with 750,000 connection minutes a month\) is for new accounts' first 12 months only/);
    }
  });

  it("crosses the 1-billion tier: 500M invocations x 3 messages = 1.5B: 1,000M x $1.00 + 500M x $0.80 = $1,400; 2,000,000 connection minutes = $0.50", () => {
    const r = priced(usage({ invocations: 500e6, lambda: ws({ messagesPerInvocation: 3, connectionMinutes: { total: 2e6 }, source: { kind: "config", detail: "c" } }) }));
    const [messages] = item(r.lines, "API Gateway WebSocket messages");
    expect(messages!.quantity).toBe(1.5e9);
    expect(messages!.usd).toBeCloseTo(1400, 6);
    expect(sumUsd(item(r.lines, "API Gateway WebSocket connection minutes"))).toBeCloseTo(0.5, 9);
  });

  it("config sets it as the front door of a what-if function, with its connection minutes", () => {
    const s: Settings = { flags: {}, cost: { defaults: { frontDoor: "websocket-api", websocketConnectionMinutes: 4e6 } } };
    const { usage: u, assumptions } = resolveUsage({ id: "what-if" }, "aws-lambda", s, DEFAULT_PRICES);
    expect(u.lambda!.frontDoor).toMatchObject({ kind: "websocket-api", webSocket: { messagesPerInvocation: 1, connectionMinutes: { total: 4e6 }, source: { kind: "config" } } });
    expect(assumptions.frontDoor).toMatch(/^API Gateway WebSocket API \(config:/);
    // 1M invocations (default) x $1.00/M + 4M minutes x $0.25/M = $2.00.
    const r = priced(u);
    expect(sumUsd(item(r.lines, "API Gateway WebSocket"))).toBeCloseTo(2, 9);
  });
});

describe("function URL", () => {
  it("a line that says it costs nothing beyond Lambda, from the project; the total is Lambda's own", () => {
    for (const freeTier of [true, false]) {
      const u = usage({ invocations: 10e6, freeTier });
      const r = priced({ ...u, lambda: extras("function-url") });
      expect(item(r.lines, "Function URL")).toEqual([expect.objectContaining({ quantity: 10e6, usd: 0, source })]);
      expect(sumUsd(r.lines)).toBeCloseTo(sumUsd(lambdaOnly(u).lines), 12);
    }
  });
});

describe("Application Load Balancer", () => {
  it("two functions behind one ALB share its hours and LCUs by requests; LCUs derived from processed bytes", () => {
    const alb = extras("alb", { alb: { lcus: undefined, source: { kind: "default", detail: "from traffic" } } });
    const fns = [
      { id: "a", usage: usage({ invocations: 6e6, lambda: alb }) },
      { id: "b", usage: usage({ invocations: 2e6, lambda: alb }) },
    ];
    // 8M requests over 730 h: 3.04 a second. New connections: 3.04 / 25 = 0.122 LCU. Processed bytes:
    // 8M x 10,240 B / 730 h = 0.1045 GiB an hour / 0.4 = 0.2613 LCU, the higher of the two.
    const lcus = (8e6 * 10_240) / (730 * 1024 ** 3 * 0.4);
    expect(lcus).toBeCloseTo(0.2613, 4);
    // The ALB: 730 h x $0.0225 = $16.425, plus 730 x 0.2613 LCU x $0.008 = $1.5259; a pays 75%, b 25%.
    for (const freeTier of [true, false]) {
      const [a, b] = priceLambda(fns.map((f) => ({ ...f, usage: { ...f.usage, freeTier } })), DEFAULT_PRICES, after);
      expect(sumUsd(item(a!.lines, "Application Load Balancer hours"))).toBeCloseTo(0.75 * 16.425, 9);
      expect(sumUsd(item(b!.lines, "Application Load Balancer hours"))).toBeCloseTo(0.25 * 16.425, 9);
      expect(sumUsd(item(a!.lines, "ALB LCU-hours"))).toBeCloseTo(0.75 * 730 * lcus * 0.008, 9);
      expect(sumUsd([...a!.lines, ...b!.lines].filter((l) => /ALB|Load Balancer/.test(l.item)))).toBeCloseTo(16.425 + 730 * lcus * 0.008, 9);
      expect(item(a!.lines, "ALB LCU-hours")[0]!.source).toEqual({ kind: "default", detail: "from traffic" });
    }
  });

  it("LCUs from config: 2 LCUs x 730 h x $0.008 = $11.68, plus $16.425 of hours = $28.105", () => {
    const r = priced(usage({ invocations: 1e6, lambda: extras("alb", { alb: { lcus: 2, source: { kind: "config", detail: "albLcus" } } }) }));
    expect(sumUsd(r.lines.filter((l) => /ALB|Load Balancer/.test(l.item)))).toBeCloseTo(28.105, 9);
  });
});

describe("CloudWatch Logs volume tiers", () => {
  // 1 MiB a invocation x 1,024 invocations = 1 GiB.
  const logs = (gb: number, freeTier: boolean) =>
    priced(usage({ invocations: gb * 1024, freeTier, lambda: extras("none", {}, 1024 ** 2) })).lines.filter((l) => /logs/i.test(l.item));

  it("12 TB crosses the first tier: 10,240 GB x $0.50 + 2,048 GB x $0.25 = $5,632; free tier on: - 5 GB x $0.50 = $5,629.50", () => {
    expect(sumUsd(logs(12 * 1024, false))).toBeCloseTo(5632, 6);
    expect(sumUsd(logs(12 * 1024, true))).toBeCloseTo(5629.5, 6);
  });

  it("60 TB reaches the last: 10,240 x $0.50 + 20,480 x $0.25 + 20,480 x $0.10 + 10,240 x $0.05 = $12,800 (Duckbill's $12,500 counts 1 TB as 1,000 GB)", () => {
    expect(sumUsd(logs(60 * 1024, false))).toBeCloseTo(12_800, 6);
  });

  it("below the first boundary nothing changes: 9.54 GB x $0.50", () => {
    const gb = (10e6 * 1024) / 1024 ** 3;
    const r = priced(usage({ invocations: 10e6, freeTier: false, lambda: extras("none", {}, 1024) }));
    expect(sumUsd(r.lines.filter((l) => /logs/i.test(l.item)))).toBeCloseTo(gb * 0.5, 9);
  });
});

describe("SnapStart", () => {
  it("declared on a Node.js function: a note that it does not apply and is not priced", () => {
    const u = usage({ lambda: { ...extras("none"), snapStart: { at: "template.yaml:10", runtime: "nodejs22.x" } } });
    const r = priced(u);
    expect(r.notes.join(" ")).toMatch(/SnapStart is turned on \(template\.yaml:10\), but Lambda offers it for Java 11\+, Python 3\.12\+ and \.NET 8\+ only, not for nodejs22\.x: it does not apply to this function and is not priced\./);
    expect(sumUsd(r.lines)).toBeCloseTo(sumUsd(lambdaOnly(u).lines), 12);
  });
});

describe("the front door read from the project", () => {
  it("an integration beats a bare permission, a second door is named, SnapStart carries the runtime", async () => {
    const project = await discoverProject(fixture("lambda-front-doors/cfn"));
    const s: Settings = { flags: {}, cost: undefined };
    const door = (name: string) => {
      const fn = project.functions.find((f) => f.lambda!.name === name)!;
      return resolveUsage({ id: fn.id, fn }, "aws-lambda", s, DEFAULT_PRICES).usage.lambda!;
    };
    expect(door("Ticker").frontDoor).toMatchObject({ kind: "websocket-api", source: { kind: "project", detail: "WebSocket API route at template.yaml:18" } });
    expect(door("Ticker").snapStart).toEqual({ at: "template.yaml:10", runtime: "nodejs22.x" });
    expect(door("Status").frontDoor).toMatchObject({
      kind: "alb",
      source: { kind: "project", detail: "ALB target at template.yaml:47; all its requests are priced as coming this way, though it also has: function URL (set cost.functions[id].frontDoor)" },
      alb: { lcus: undefined, source: { kind: "default" } },
    });
  });
});

describe("data transfer out to the internet", () => {
  const GiB = 1024 ** 3;
  const answering = (door: FrontDoor, bytes: number): LambdaExtras => ({ ...extras(door), response: { bytes, source: { kind: "config", detail: "responseBytes" } } });

  it("20M responses of 10,240 bytes = 190.73 GB: $0.09/GB = $17.17 without the free tier; with it, 100 GB free = $8.17", () => {
    const gb = (20e6 * 10_240) / GiB; // 190.7349 GB
    const off = priced(usage({ invocations: 20e6, freeTier: false, lambda: answering("http-api", 10_240) }));
    const [out] = item(off.lines, "Data transfer out to the internet");
    expect(out).toMatchObject({ unit: "GB", source: { kind: "config" } });
    expect(out!.quantity).toBeCloseTo(gb, 6);
    expect(out!.usd).toBeCloseTo(gb * 0.09, 6);
    expect(item(off.lines, "Free tier: data transfer out")).toEqual([]);
    const on = priced(usage({ invocations: 20e6, freeTier: true, lambda: answering("http-api", 10_240) }));
    expect(sumUsd(item(on.lines, "Data transfer out")) + sumUsd(item(on.lines, "Free tier: data transfer out"))).toBeCloseTo((gb - 100) * 0.09, 6);
    expect(on.notes.join(" ")).toMatch(/shared with everything else the account sends to the internet/);
  });

  it("crosses the 10 TB tier: 12 TB = 10,240 GB x $0.09 + 2,048 GB x $0.085 = $1,095.68", () => {
    const bytes = (12 * 1024 * GiB) / 1e6;
    const r = priced(usage({ invocations: 1e6, freeTier: false, lambda: answering("function-url", bytes) }));
    expect(sumUsd(item(r.lines, "Data transfer out to the internet"))).toBeCloseTo(10_240 * 0.09 + 2_048 * 0.085, 4);
  });

  it("nothing for a queue consumer or a WebSocket route, and the default 10,240 bytes is stated for an HTTP API function", () => {
    expect(item(priced(usage({ invocations: 20e6, lambda: extras("none") })).lines, "Data transfer out")).toEqual([]);
    const s: Settings = { flags: {}, cost: { defaults: { frontDoor: "websocket-api" } } };
    expect(resolveUsage({ id: "what-if" }, "aws-lambda", s, DEFAULT_PRICES).usage.lambda!.response).toBeUndefined();
    const http = resolveUsage({ id: "what-if" }, "aws-lambda", { flags: {}, cost: undefined }, DEFAULT_PRICES).usage.lambda!.response;
    expect(http).toMatchObject({ bytes: 10_240, source: { kind: "default" } });
  });
});

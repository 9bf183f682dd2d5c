import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { unifiedDiff } from "../../../src/add/diff.js";
import { coldstart, repoRoot } from "../../e2e/_helpers.js";
import { captureIo, tempDir } from "../create/_helpers.js";
import { main } from "../../../src/cli/main.js";

const fixtures = path.join(repoRoot, "fixtures/add");

/** A copy of fixtures/add/<name>, so the test can write into it. */
function project(name: string): string {
  const dir = path.join(tempDir(`add-${name}`), name);
  cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

async function add(dir: string, ...args: string[]) {
  const captured = captureIo({ cwd: dir });
  const code = await main(["add", ...args], { io: captured.io });
  process.exitCode = undefined;
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** Every byte of `before` is still in `after`, in order: the edit only inserted (a comma counts as inserted). */
function onlyInserted(before: string, after: string): boolean {
  let i = 0;
  for (const char of after) if (char === before[i]) i++;
  return i === before.length;
}

const samTags = ["Ref", "GetAtt", "Sub"].flatMap((tag) => [{ tag: `!${tag}`, resolve: (v: unknown) => v }]) as never[];
const readSam = (dir: string) => parseYaml(readFileSync(path.join(dir, "template.yaml"), "utf8"), { customTags: samTags }) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

describe("coldstart add, in a SAM project", () => {
  it.each([
    ["sqs-consumer", "invoices", ["InvoicesFunction", "InvoicesQueue", "InvoicesDeadLetterQueue"]],
    ["cron", "nightly", ["NightlyFunction"]],
    ["http", "reports", ["ReportsFunction"]],
    ["event", "order-placed", ["OrderPlacedFunction"]],
  ] as const)("%s: new resources and a handler, every comment and byte of the template kept", async (kind, name, ids) => {
    const dir = project("sam-commented");
    const before = readFileSync(path.join(dir, "template.yaml"), "utf8");
    const { code, stdout, stderr } = await add(dir, kind, name);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`created src/handlers/${name}.ts`);
    const after = readFileSync(path.join(dir, "template.yaml"), "utf8");
    expect(onlyInserted(before, after)).toBe(true);
    for (const comment of ["# Billing service: keep this comment where it is.", "Runtime: nodejs22.x   # pinned on purpose", "  # The public API.", "# Outputs below are read by the deploy script."]) expect(after).toContain(comment);
    const resources = readSam(dir).Resources;
    for (const id of ids) expect(resources[id], id).toBeDefined();
    expect(Object.keys(resources)).toEqual(["InvoicesApi", "ListInvoicesFunction", ...ids]);
    if (kind === "sqs-consumer") {
      const events = resources.InvoicesFunction!.Properties.Events as Record<string, { Properties: { FunctionResponseTypes: string[] } }>;
      expect(events.Messages!.Properties.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    }
    if (kind === "http") expect(JSON.stringify(resources.ReportsFunction!.Properties.Events)).toContain('"ApiId":"InvoicesApi"');
  });

  it("--dry-run prints a unified diff and writes nothing", async () => {
    const dir = project("sam-commented");
    const { code, stdout } = await add(dir, "cron", "nightly", "--dry-run");
    expect(code).toBe(0);
    expect(stdout).toContain("--- a/template.yaml\n+++ b/template.yaml\n@@ -28,6 +28,32 @@");
    expect(stdout).toContain("+  NightlyFunction:");
    expect(stdout).toContain("--- /dev/null\n+++ b/src/handlers/nightly.ts");
    expect(stdout).toContain("Nothing was written.");
    expect(readFileSync(path.join(dir, "template.yaml"), "utf8")).toBe(readFileSync(path.join(fixtures, "sam-commented/template.yaml"), "utf8"));
    expect(existsSync(path.join(dir, "src/handlers/nightly.ts"))).toBe(false);
  });

  it.each([
    ["a name already taken", (dir: string) => writeFileSync(path.join(dir, "src/handlers/nightly.ts"), "export {};\n"), "src/handlers/nightly.ts already exists"],
    ["flow-style Resources", (dir: string) => writeFileSync(path.join(dir, "template.yaml"), 'Transform: AWS::Serverless-2016-10-31\nResources: { Api: { Type: "AWS::Serverless::HttpApi" } }\n'), "Resources is not a block mapping"],
    ["a template that does not parse", (dir: string) => writeFileSync(path.join(dir, "template.yaml"), "Transform: AWS::Serverless-2016-10-31\nResources:\n  A: [\n"), "cannot edit a template that does not parse"],
  ])("refuses %s (exit 2) and writes nothing", async (_, spoil, message) => {
    const dir = project("sam-commented");
    spoil(dir);
    const template = readFileSync(path.join(dir, "template.yaml"), "utf8");
    const { code, stderr } = await add(dir, "cron", "nightly");
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(readFileSync(path.join(dir, "template.yaml"), "utf8")).toBe(template);
  });

  it("refuses a kind the project cannot take, naming the ones it can", async () => {
    const { code, stderr } = await add(project("sam-commented"), "queue-consumer");
    expect(code).toBe(2);
    expect(stderr).toContain("a SAM template takes http, cron, sqs-consumer or event, not queue-consumer");
  });
});

describe("coldstart add, in a Serverless Framework service", () => {
  const readService = (dir: string) =>
    parseYaml(readFileSync(path.join(dir, "serverless.yml"), "utf8"), { customTags: samTags }) as {
      functions: Record<string, { handler: string; timeout: number; events: Array<Record<string, Record<string, unknown> | string>> }>;
      resources?: { Resources: Record<string, { Type: string }>; Outputs?: unknown };
      provider: Record<string, unknown>;
    };

  it.each([
    ["sqs-consumer", "invoices", ["ShipmentsTable", "InvoicesQueue", "InvoicesDeadLetterQueue"]],
    ["cron", "nightly", ["ShipmentsTable"]],
    ["http", "reports", ["ShipmentsTable"]],
    ["event", "order-placed", ["ShipmentsTable", "OrderPlacedDeadLetterQueue", "OrderPlacedDeadLetterQueuePolicy"]],
  ] as const)("%s: a new function (and its queues) in the file's own indentation, every comment and byte kept", async (kind, name, resourceIds) => {
    const dir = project("serverless-commented");
    const before = readFileSync(path.join(dir, "serverless.yml"), "utf8");
    const { code, stdout, stderr } = await add(dir, kind, name);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`created src/handlers/${name}.ts`);
    const after = readFileSync(path.join(dir, "serverless.yml"), "utf8");
    expect(onlyInserted(before, after)).toBe(true);
    // The fixture indents by four spaces; the new function does too, under the list item's key.
    expect(after).toContain(`\n    ${name}:\n        handler: src/handlers/${name}.handler\n`);
    const service = readService(dir);
    expect(Object.keys(service.functions)).toEqual(["listShipments", name]);
    expect(Object.keys(service.resources!.Resources)).toEqual(resourceIds);
    expect(service.resources!.Outputs).toEqual({ TableName: { Value: "ShipmentsTable" } });
    const fn = service.functions[name]!;
    expect(fn.handler).toBe(`src/handlers/${name}.handler`);
    expect(fn.timeout).toBe(kind === "http" ? 10 : 30);
    if (kind === "http") expect(fn.events).toEqual([{ httpApi: { method: "GET", path: "/reports" } }]);
    if (kind === "sqs-consumer") expect(fn.events[0]!.sqs).toMatchObject({ arn: "InvoicesQueue.Arn", functionResponseType: "ReportBatchItemFailures" });
    if (kind === "event") expect(fn.events[0]!.eventBridge).toMatchObject({ deadLetterQueueArn: "OrderPlacedDeadLetterQueue.Arn", retryPolicy: { maximumRetryAttempts: 2 } });
  });

  it("joins a REST API with an http event, writes JavaScript where nothing builds TypeScript, and adds a resources section", async () => {
    const dir = project("serverless-js");
    expect((await add(dir, "http", "reports")).code).toBe(0);
    const { code, stdout } = await add(dir, "sqs-consumer", "invoices");
    expect(code).toBe(0);
    expect(stdout).toContain("created handlers/invoices.mjs");
    const service = readService(dir);
    expect(service.functions.reports!.events).toEqual([{ http: { method: "get", path: "/reports" } }]);
    expect(Object.keys(service.resources!.Resources)).toEqual(["InvoicesQueue", "InvoicesDeadLetterQueue"]);
    const handler = readFileSync(path.join(dir, "handlers/invoices.mjs"), "utf8");
    expect(handler).toContain("export async function handler(event, context) {");
    expect(handler).toContain("make processMessage idempotent");
    // It runs: a failing record is reported back, the others are not.
    const mod = (await import(path.join(dir, "handlers/invoices.mjs"))) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
    const result = await mod.handler({ Records: [{ messageId: "a", body: "{}" }, { messageId: "b", body: "not json" }] }, { awsRequestId: "r1" });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "b" }] });
  });

  it.each([
    ["functions loaded from another file", "service: s\nprovider:\n  name: aws\nfunctions: ${file(./functions.yml)}\n", "functions is not a mapping written in this file (it is loaded from ${file(./functions.yml)})"],
    ["flow-style functions", "service: s\nprovider:\n  name: aws\nfunctions: { a: { handler: a.handler } }\n", "functions is not a block mapping"],
    ["a taken name", "service: s\nprovider:\n  name: aws\nfunctions:\n  nightly:\n    handler: a.handler\n", "already has a function named nightly"],
    ["a service that does not parse", "service: s\nfunctions:\n  a: [\n", "cannot edit a service file that does not parse"],
  ])("refuses %s (exit 2) and writes nothing", async (_, text, message) => {
    const dir = project("serverless-js");
    writeFileSync(path.join(dir, "serverless.yml"), text);
    const { code, stderr } = await add(dir, "cron", "nightly");
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(readFileSync(path.join(dir, "serverless.yml"), "utf8")).toBe(text);
    expect(existsSync(path.join(dir, "handlers/nightly.mjs"))).toBe(false);
  });

  it("appends functions, then resources, to a service without either or a final newline", async () => {
    const dir = project("serverless-js");
    const text = "service: bare\nprovider:\n  name: aws\n  runtime: nodejs22.x";
    writeFileSync(path.join(dir, "serverless.yml"), text);
    expect((await add(dir, "sqs-consumer", "invoices")).code).toBe(0);
    const after = readFileSync(path.join(dir, "serverless.yml"), "utf8");
    expect(after.startsWith(text)).toBe(true);
    expect(after.indexOf("\nfunctions:\n  invoices:\n")).toBeGreaterThan(0);
    expect(after.indexOf("\nresources:\n  Resources:\n    InvoicesQueue:\n")).toBeGreaterThan(after.indexOf("functions:"));
    expect(Object.keys(readService(dir).functions)).toEqual(["invoices"]);
  });

  it("refuses a service for another provider", async () => {
    const dir = project("serverless-js");
    writeFileSync(path.join(dir, "serverless.yml"), "service: s\nprovider:\n  name: azure\nfunctions:\n  a:\n    handler: a.handler\n");
    const { code, stderr } = await add(dir, "http", "reports");
    expect(code).toBe(2);
    expect(stderr).toContain("the service's provider is \"azure\", and coldstart add writes AWS Lambda functions");
  });

  it("refuses a serverless.ts, which is code", async () => {
    const dir = project("serverless-js");
    rmSync(path.join(dir, "serverless.yml"));
    writeFileSync(path.join(dir, "serverless.ts"), "export default {};\n");
    const { code, stderr } = await add(dir, "cron");
    expect(code).toBe(2);
    expect(stderr).toContain("serverless.ts is code, which coldstart add does not rewrite");
  });

  it("refuses queue-consumer, naming the kinds it takes", async () => {
    const { code, stderr } = await add(project("serverless-js"), "queue-consumer");
    expect(code).toBe(2);
    expect(stderr).toContain("a Serverless Framework service takes http, cron, sqs-consumer or event, not queue-consumer");
  });
});

describe("coldstart add, in a wrangler project", () => {
  it.each(["wrangler-jsonc", "wrangler-toml"])("%s: cron adds a trigger, comments kept byte for byte", async (fixture) => {
    const dir = project(fixture);
    const file = readdirSync(dir).find((f) => f.startsWith("wrangler."))!;
    const before = readFileSync(path.join(dir, file), "utf8");
    const code0 = readFileSync(path.join(dir, "src/index.ts"), "utf8");
    const { code, stdout } = await add(dir, "cron");
    expect(code).toBe(0);
    expect(stdout).toContain("src/index.ts has a new scheduled() handler");
    // The Worker's default export gets the handler; the entry's own bytes all stay.
    const entry = readFileSync(path.join(dir, "src/index.ts"), "utf8");
    expect(onlyInserted(code0, entry)).toBe(true);
    expect(entry).toMatch(/\n  async scheduled\(controller(: ScheduledController)?, env(: unknown)?, ctx(: ExecutionContext)?\)/);
    const after = readFileSync(path.join(dir, file), "utf8");
    expect(onlyInserted(before, after)).toBe(true);
    const config = (file.endsWith(".toml") ? parseToml(after) : parseJsonc(after)) as { triggers: { crons: string[] }; name: string };
    expect(config.triggers.crons).toEqual(["0 6 * * *"]);
    expect(config.name).toMatch(/^catalogue-/);
  });

  it.each(["wrangler-jsonc", "wrangler-toml"])("%s: queue-consumer adds a consumer with a dead-letter queue", async (fixture) => {
    const dir = project(fixture);
    const file = readdirSync(dir).find((f) => f.startsWith("wrangler."))!;
    const before = readFileSync(path.join(dir, file), "utf8");
    expect((await add(dir, "queue-consumer", "orders")).code).toBe(0);
    const after = readFileSync(path.join(dir, file), "utf8");
    expect(onlyInserted(before, after)).toBe(true);
    const config = (file.endsWith(".toml") ? parseToml(after) : parseJsonc(after)) as { queues: { consumers: Array<Record<string, unknown>> } };
    expect(config.queues.consumers).toEqual([expect.objectContaining({ queue: "orders", dead_letter_queue: "orders-dlq", max_retries: 3 })]);
  });

  it("queue-consumer: a typed default export gets a queue() handler typed by its satisfies clause, after the last member's comment", async () => {
    const dir = project("wrangler-toml");
    expect((await add(dir, "queue-consumer", "orders")).code).toBe(0);
    const entry = readFileSync(path.join(dir, "src/index.ts"), "utf8");
    expect(entry).toContain('  }, // the only route\n  /** Messages from the queue "orders": each is acked when done or retried; after max_retries it goes to orders-dlq. */\n  async queue(batch, env) {');
    expect(entry.endsWith("  },\n} satisfies ExportedHandler<Env>;\n")).toBe(true);
  });

  it.each([
    ["a Hono app", "import { Hono } from 'hono';\nconst app = new Hono();\nexport default app;\n", "default export is not an object literal"],
    ["a handler already there", "export default {\n  async fetch() { return new Response('ok'); },\n  async scheduled() {},\n};\n", "src/index.ts:3 already has a scheduled handler: branch on controller.cron"],
    ["an entry that does not parse", "export default { async fetch() {\n", "does not parse, so coldstart did not edit it"],
  ])("leaves the Worker's code alone for %s, and says what to do", async (_, source, note) => {
    const dir = project("wrangler-jsonc");
    writeFileSync(path.join(dir, "src/index.ts"), source);
    const { code, stdout } = await add(dir, "cron");
    expect(code).toBe(0);
    expect(stdout).toContain(note);
    expect(stdout).not.toContain("updated src/index.ts");
    expect(readFileSync(path.join(dir, "src/index.ts"), "utf8")).toBe(source);
  });

  it("http: a GET route in a Hono Worker, above its default export; other Workers are refused with the reason", async () => {
    const dir = project("wrangler-jsonc");
    const hono = 'import { Hono } from "hono";\n\nconst app = new Hono<{ Bindings: Env }>();\n\napp.get("/", (c) => c.text("ok"));\n\nexport default app;\n';
    writeFileSync(path.join(dir, "src/index.ts"), hono);
    const config = readFileSync(path.join(dir, "wrangler.jsonc"), "utf8");
    const { code, stdout } = await add(dir, "http", "reports");
    expect(code).toBe(0);
    expect(stdout).toContain("updated src/index.ts");
    const entry = readFileSync(path.join(dir, "src/index.ts"), "utf8");
    expect(onlyInserted(hono, entry)).toBe(true);
    expect(entry).toMatch(/\napp\.get\("\/reports", \(c\) => \{\n[\s\S]*\}\);\n\nexport default app;\n$/);
    expect(readFileSync(path.join(dir, "wrangler.jsonc"), "utf8")).toBe(config);
    const again = await add(dir, "http", "reports");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already has a route for /reports");

    const plain = project("wrangler-jsonc");
    const refused = await add(plain, "http", "reports");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("src/index.ts's default export is not a Hono app");
  });

  it("a second cron is appended to the existing list, and a repeat is refused", async () => {
    const dir = project("wrangler-jsonc");
    expect((await add(dir, "cron")).code).toBe(0);
    const again = await add(dir, "cron");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already runs on "0 6 * * *"');
  });

  it("refuses a wrangler.toml with its own [triggers] table", async () => {
    const dir = project("wrangler-toml");
    writeFileSync(path.join(dir, "wrangler.toml"), `${readFileSync(path.join(dir, "wrangler.toml"), "utf8")}\n[triggers]\ncrons = ["0 1 * * *"]\n`);
    const { code, stderr } = await add(dir, "cron");
    expect(code).toBe(2);
    expect(stderr).toContain("already has a [triggers] table");
  });
});

describe("coldstart add, in a Next.js app", () => {
  it("cron: a secret-guarded route and a vercel.json crons entry, the comments where they were", async () => {
    const dir = project("next-app");
    const before = readFileSync(path.join(dir, "vercel.json"), "utf8");
    const { code, stdout } = await add(dir, "cron", "nightly");
    expect(code).toBe(0);
    expect(stdout).toContain("Set CRON_SECRET");
    const after = readFileSync(path.join(dir, "vercel.json"), "utf8");
    expect(onlyInserted(before, after)).toBe(true);
    expect(after).toContain('{ "path": "/api/cron/sitemap", "schedule": "0 3 * * *" }, // nightly sitemap\n    { "path": "/api/cron/nightly", "schedule": "0 6 * * *" }\n');
    expect(readFileSync(path.join(dir, "app/api/cron/nightly/route.ts"), "utf8")).toContain("process.env.CRON_SECRET");
  });

  it("http: a route handler with maxDuration; an existing route is refused", async () => {
    const dir = project("next-app");
    expect((await add(dir, "http", "search")).code).toBe(0);
    expect(readFileSync(path.join(dir, "app/api/search/route.ts"), "utf8")).toContain("export const maxDuration = 30;");
    const taken = await add(dir, "http", "status");
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("app/api/status already exists");
  });
});

describe("coldstart add, anywhere else", () => {
  it("says what it looks for (exit 2)", async () => {
    const { code, stderr } = await add(tempDir("empty"), "http");
    expect(code).toBe(2);
    expect(stderr).toContain("found no SAM template (template.yaml), serverless.yml, wrangler config or Next.js App Router app");
  });

  it("writes nothing through a symbolic link that leaves the project", async () => {
    const dir = project("sam-commented");
    const elsewhere = tempDir("elsewhere");
    rmSync(path.join(dir, "src"), { recursive: true });
    symlinkSync(elsewhere, path.join(dir, "src"));
    const { code, stderr } = await add(dir, "cron", "nightly");
    expect(code).toBe(2);
    expect(stderr).toContain("cannot write src/nightly.ts: src is outside the project");
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("refuses a name that cannot be a resource or route", async () => {
    const { code, stderr } = await add(project("next-app"), "http", "Bad Name");
    expect(code).toBe(2);
    expect(stderr).toContain('"Bad Name" cannot be used as a name');
  });
});

describe("what add writes audits clean", () => {
  it.each([
    ["sam-commented", "sqs-consumer"],
    ["sam-commented", "cron"],
    ["sam-commented", "http"],
    ["sam-commented", "event"],
    ["next-app", "cron"],
    ["next-app", "http"],
    ["wrangler-jsonc", "queue-consumer"],
    ["wrangler-toml", "cron"],
    ["serverless-commented", "sqs-consumer"],
    ["serverless-commented", "event"],
    ["serverless-js", "cron"],
    ["serverless-js", "sqs-consumer"],
  ])("%s + %s", async (fixture, kind) => {
    const dir = project(fixture);
    expect((await add(dir, kind)).code).toBe(0);
    const audit = await coldstart(["audit", dir, "--format", "json", "--fail-on", "info"]);
    const report = JSON.parse(String(audit.stdout)) as { findings: Array<{ ruleId: string; file: string; message: string }> };
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}: ${f.message}`)).toEqual([]);
    expect(audit.exitCode).toBe(0);
  }, 60_000);
});

describe("unifiedDiff", () => {
  it("shows one hunk with three lines of context, and new files against /dev/null", () => {
    expect(unifiedDiff("a.txt", "1\n2\n3\n4\n5\n", "1\n2\n3\nnew\n4\n5\n")).toBe("--- a/a.txt\n+++ b/a.txt\n@@ -1,5 +1,6 @@\n 1\n 2\n 3\n+new\n 4\n 5");
    expect(unifiedDiff("b.txt", undefined, "x\n")).toBe("--- /dev/null\n+++ b/b.txt\n@@ -0,0 +1,1 @@\n+x");
  });
});

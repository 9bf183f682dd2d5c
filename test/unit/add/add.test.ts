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

describe("coldstart add, in a wrangler project", () => {
  it.each(["wrangler-jsonc", "wrangler-toml"])("%s: cron adds a trigger, comments kept byte for byte", async (fixture) => {
    const dir = project(fixture);
    const file = readdirSync(dir).find((f) => f.startsWith("wrangler."))!;
    const before = readFileSync(path.join(dir, file), "utf8");
    const { code, stdout } = await add(dir, "cron");
    expect(code).toBe(0);
    expect(stdout).toContain("needs a scheduled(controller, env, ctx) handler");
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
    expect(stderr).toContain("found no SAM template (template.yaml), wrangler config or Next.js App Router app");
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

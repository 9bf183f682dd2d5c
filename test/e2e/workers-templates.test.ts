import { execa } from "execa";
import { parse } from "jsonc-parser";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coldstart, node22Env, repoRoot, tempDir } from "./_helpers.js";

/**
 * The Workers templates beyond the default one, each created from the npm registry (coldstart itself
 * from this checkout's tarball, see _registry.ts), type-checked against the types wrangler generates,
 * tested inside workerd, audited with its own pinned coldstart and bundled by wrangler without an account.
 */
const cases = [
  { template: "workers-queue", tests: 9, bindings: [/env\.ORDERS_QUEUE \(workers-queue-e2e-q\)\s+Queue/, /env\.ORDERS\s+KV Namespace/], bundled: ["idempotency-key", "message.retry"] },
  { template: "workers-cron", tests: 6, bindings: [/env\.RUNS\s+KV Namespace/, /env\.UPSTREAM_TIMEOUT_MS \("5000"\)/], bundled: ["AbortSignal.timeout(", "already ran for this scheduled time"] },
  { template: "workers-hono", tests: 8, bindings: [/env\.BOOKMARKS\s+KV Namespace/, /env\.UPSTREAM_TIMEOUT_MS \("3000"\)/], bundled: ["AbortSignal.timeout(", "HTMLRewriter", "idempotency-key"] },
  { template: "workers-durable-object", tests: 7, bindings: [/env\.ROOMS \(ChatRoom\)\s+Durable Object/], bundled: ["acceptWebSocket(", "serializeAttachment(", "setWebSocketAutoResponse("] },
  { template: "workers-hyperdrive", tests: 9, bindings: [/env\.HYPERDRIVE \(0{32}\)\s+Hyperdrive Config/, /env\.STATEMENT_TIMEOUT_MS \("5000"\)/], bundled: ["SET LOCAL statement_timeout", "ON CONFLICT (idempotency_key) DO NOTHING", "idempotency-key"] },
  { template: "workers-workflow", tests: 7, bindings: [/env\.ONBOARDING \(OnboardingWorkflow\)\s+Workflow/, /env\.EMAIL_TIMEOUT_MS \("10000"\)/], bundled: ["step.sleep(", "NonRetryableError", "AbortSignal.timeout("] },
] as const;

interface RenderedConfig {
  name: string;
  queues?: { consumers: Array<{ queue: string; dead_letter_queue: string }> };
  durable_objects?: { bindings: Array<{ name: string; class_name: string }> };
  migrations?: Array<{ tag: string; new_sqlite_classes?: string[] }>;
  workflows?: Array<{ name: string; binding: string; class_name: string }>;
  hyperdrive?: Array<{ binding: string; id: string; localConnectionString?: string }>;
}

let env: NodeJS.ProcessEnv;
const roots: string[] = [];

beforeAll(async () => {
  const base = await node22Env();
  delete base.CLOUDFLARE_API_TOKEN;
  delete base.CLOUDFLARE_ACCOUNT_ID;
  env = { ...base, WRANGLER_SEND_METRICS: "false" };
});

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe.each(cases)("coldstart create --template $template", ({ template, tests, bindings, bundled }) => {
  let root: string;
  let project: string;
  const run = async (file: string, args: string[]) => {
    const result = await execa(file, args, { cwd: project, env, reject: false, all: true, stdin: "ignore" });
    return { exitCode: result.exitCode, output: stripVTControlCharacters(String(result.all)) };
  };

  beforeAll(async () => {
    root = tempDir(template);
    roots.push(root);
    project = path.join(root, `${template}-e2e`);
    const created = await coldstart(["create", project, "--template", template, "--yes", "--install", "--no-git"], { env, all: true, stdin: "ignore" });
    expect(created.exitCode, String(created.all)).toBe(0);
  });

  it("renders wrangler.jsonc with the project's name and parses", () => {
    const config = parse(readFileSync(path.join(project, "wrangler.jsonc"), "utf8")) as RenderedConfig;
    expect(config.name).toBe(`${template}-e2e`);
    if (config.queues) expect(config.queues.consumers).toEqual([expect.objectContaining({ queue: `${template}-e2e-q`, dead_letter_queue: `${template}-e2e-dlq` })]);
    // Every Durable Object class is created by a migration, on SQLite storage.
    if (config.durable_objects) expect(config.migrations?.flatMap((m) => m.new_sqlite_classes ?? [])).toEqual(config.durable_objects.bindings.map((b) => b.class_name));
    if (config.workflows) expect(config.workflows.map((w) => w.name)).toEqual([`${template}-e2e`]);
    // Local dev and tests reach a local Postgres through the binding, without a Cloudflare account.
    if (config.hyperdrive) expect(config.hyperdrive).toEqual([expect.objectContaining({ binding: "HYPERDRIVE", localConnectionString: expect.stringMatching(/^postgres:\/\/.+@127\.0\.0\.1:5432\//) })]);
  });

  it("type-checks against the types wrangler generates", async () => {
    const result = await run("npm", ["run", "typecheck"]);
    expect(result.exitCode, result.output).toBe(0);
  });

  it("passes its own tests inside workerd", async () => {
    const result = await run("npm", ["test"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(new RegExp(`Tests\\s+${tests} passed`));
    expect(result.output).not.toMatch(/\d+ failed|\d+ skipped/);
  });

  it("audits clean with its own pinned coldstart (npm run audit)", async () => {
    const ours = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
    expect((JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies.coldstart).toBe(ours);
    const result = await run("npm", ["run", "audit"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(/0 errors, 0 warnings, 0 info in 1 function/);
  });

  it("bundles with wrangler deploy --dry-run, without an account", async () => {
    const outdir = path.join(root, "out");
    const result = await run("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir]);
    expect(result.exitCode, result.output).toBe(0);
    for (const binding of bindings) expect(result.output).toMatch(binding);
    const bundle = readFileSync(path.join(outdir, "index.js"), "utf8");
    for (const text of bundled) expect(bundle).toContain(text);
  });
});

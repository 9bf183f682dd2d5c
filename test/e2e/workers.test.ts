import { execa, type ResultPromise } from "execa";
import { parse, type ParseError } from "jsonc-parser";
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantCase } from "../unit/hostile/_hostile.js";
import { cliPath, coldstart, costMeasure, freePort, node22Env, stopProcessGroup, tempDir, waitUntilAnswering } from "./_helpers.js";

// Current wrangler and @cloudflare/vitest-plugin need Node 22.12+, so the generated project's
// steps run under the registry's Node 22 while coldstart itself runs on this Node.
const NAME = "workers-e2e";
const CPU_MS = 50;
const NODEJS_COMPAT_DEFAULT_ON = "2026-08-04";

let root: string;
let project: string;
let env: NodeJS.ProcessEnv;
let devServer: ResultPromise | undefined;

async function run(command: string, args: string[]): Promise<{ exitCode: number | undefined; output: string }> {
  const result = await execa(command, args, { cwd: project, env, reject: false, all: true, stdin: "ignore" });
  return { exitCode: result.exitCode, output: stripVTControlCharacters(String(result.all)) };
}

interface WranglerConfig {
  $schema?: string;
  name?: string;
  main?: string;
  compatibility_date?: string;
  compatibility_flags?: string[];
  observability?: { enabled?: boolean };
  upload_source_maps?: boolean;
  limits?: { cpu_ms?: number };
  kv_namespaces?: { binding: string; id?: string }[];
}

function readWranglerConfig(): WranglerConfig {
  const errors: ParseError[] = [];
  const config = parse(readFileSync(path.join(project, "wrangler.jsonc"), "utf8"), errors) as WranglerConfig;
  expect(errors, "wrangler.jsonc must be valid JSONC after rendering").toEqual([]);
  return config;
}

interface NpmTree {
  version?: string;
  dependencies?: Record<string, NpmTree>;
}

/** Every installed workerd version (wrangler and the Vitest integration may each bring their own). */
function workerdVersions(tree: NpmTree, found = new Set<string>()): Set<string> {
  for (const [name, child] of Object.entries(tree.dependencies ?? {})) {
    if (name === "workerd" && child.version) found.add(child.version);
    workerdVersions(child, found);
  }
  return found;
}



/** Live (not zombie) processes whose working folder is in `dir`: what a measuring run left behind. */
function runningIn(dir: string): number[] {
  const real = realpathSync(dir);
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z" && readlinkSync(`/proc/${pid}/cwd`).startsWith(real);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function stopDevServer(): Promise<void> {
  const child = devServer;
  devServer = undefined;
  await stopProcessGroup(child);
}

describe("coldstart create --target workers", () => {
  beforeAll(async () => {
    if (!existsSync(path.join(path.dirname(cliPath), "../dist/cli.js"))) {
      throw new Error("dist/ is missing: run `npm run build` before the e2e tests");
    }
    const base = await node22Env();
    // The project must build and test without a Cloudflare account or telemetry.
    delete base.CLOUDFLARE_API_TOKEN;
    delete base.CLOUDFLARE_ACCOUNT_ID;
    env = { ...base, WRANGLER_SEND_METRICS: "false" };
    root = tempDir("workers");
    project = path.join(root, NAME);
    const result = await coldstart(
      ["create", project, "--target", "workers", "--yes", "--install", "--no-git", "--cpu-ms", String(CPU_MS)],
      { env, all: true, stdin: "ignore" },
    );
    expect(result.exitCode, String(result.all)).toBe(0);
  });

  afterAll(async () => {
    await stopDevServer();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("renders wrangler.jsonc with the name, the CPU limit and a KV binding", () => {
    const config = readWranglerConfig();
    expect(config.name).toBe(NAME);
    expect(config.main).toBe("src/index.ts");
    expect(config.$schema).toBe("node_modules/wrangler/config-schema.json");
    expect(existsSync(path.join(project, config.$schema ?? ""))).toBe(true);
    expect(config.observability?.enabled).toBe(true);
    expect(config.upload_source_maps).toBe(true);
    expect(config.limits).toEqual({ cpu_ms: CPU_MS });
    expect(config.kv_namespaces).toEqual([{ binding: "CACHE" }]);

    expect(JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")).name).toBe(NAME);
    expect(readFileSync(path.join(project, ".gitignore"), "utf8")).toMatch(/^\.wrangler\/$/m);
  });

  it("pins a compatibility date every installed workerd supports", async () => {
    const { compatibility_date: date, compatibility_flags: flags = [] } = readWranglerConfig();
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const ls = await execa("npm", ["ls", "workerd", "--all", "--json"], { cwd: project, env, reject: false, stdin: "ignore" });
    const versions = [...workerdVersions(JSON.parse(ls.stdout) as NpmTree)];
    expect(versions.length, ls.stdout).toBeGreaterThan(0);
    for (const version of versions) {
      // workerd 1.YYYYMMDD.N refuses compatibility dates after YYYY-MM-DD.
      const release = version.replace(/^1\.(\d{4})(\d{2})(\d{2})\..*$/, "$1-$2-$3");
      expect(date! <= release, `compatibility_date ${date} is newer than workerd ${version}`).toBe(true);
    }
    if (date! >= NODEJS_COMPAT_DEFAULT_ON) expect(flags).not.toContain("nodejs_compat");
  });

  it("type-checks against the types wrangler generates", async () => {
    const result = await run("npm", ["run", "typecheck"]);
    expect(result.exitCode, result.output).toBe(0);
    const generated = readFileSync(path.join(project, "worker-configuration.d.ts"), "utf8");
    expect(generated).toMatch(/CACHE: KVNamespace/);
  });

  it("passes its own tests inside workerd", async () => {
    const result = await run("npm", ["test"]);
    expect(result.exitCode, result.output).toBe(0);
    const passed = /Tests\s+(\d+) passed/.exec(result.output);
    expect(passed, result.output).not.toBeNull();
    expect(Number(passed![1])).toBeGreaterThanOrEqual(10);
    expect(result.output).not.toMatch(/\d+ failed|\d+ skipped/);
  });

  it("measures the Worker inside workerd with cost --measure", async () => {
    // The request path comes from the project's coldstart config; written here, removed after.
    const config = path.join(project, "coldstart.config.json");
    writeFileSync(config, JSON.stringify({ cost: { defaults: { measurePath: "/health" } } }));
    const { exitCode, stderr, estimates } = await costMeasure(project, env, 5).finally(() => rmSync(config));
    expect(exitCode, stderr).toBe(0);
    expect(stderr).not.toMatch(/not measured/);
    expect(estimates).toHaveLength(1);
    const [estimate] = estimates;
    const measured = estimate!.assumptions.measured;
    expect(measured, stderr).toBeDefined();
    expect(measured!.how).toMatch(/^in workerd via miniflare [\w.-]+ \(Node 22\.[\d.]+\); GET \/health answered 200; CPU is workerd's, read from \/proc/);
    // Warm calls are batched above the request overhead's noise: at least the 4 asked for.
    expect(measured!.runs).toBeGreaterThanOrEqual(5);
    expect(measured!.cpuMs).toBeGreaterThan(0);
    expect(measured!.cpuMs).toBeLessThan(CPU_MS);
    expect(measured!.wallMs).toBeGreaterThanOrEqual(measured!.cpuMs);
    // Workers bill CPU time: the measured figure is what is priced.
    expect(estimate!.assumptions.cpuMs).toBe(measured!.cpuMs);
    // Three cold starts (each in a fresh workerd), init their median; warm requests give percentiles.
    expect(measured!.initSamplesMs).toHaveLength(3);
    expect(measured!.initMs).toBe([...measured!.initSamplesMs!].sort((a, b) => a - b)[1]);
    for (const p of [measured!.wallPercentilesMs!, measured!.cpuPercentilesMs!]) {
      expect(p.p50).toBeLessThanOrEqual(p.p90);
      expect(p.p90).toBeLessThanOrEqual(p.p99);
    }
    expect(measured!.inputs).toMatchObject([{ input: "GET /health", weight: 1 }]);
    expect(measured!.how).toMatch(/; warm: \d+ requests of (one call|\d+ calls each, )/);
    // Nothing is written to the project's local state.
    expect(existsSync(path.join(project, ".wrangler/state"))).toBe(false);
  });

  it("contains a Worker that grows past 128 MB or never answers (fixtures/hostile/measure-worker-*)", async () => {
    const cases = [
      ["measure-worker-hog", [], /not measured \(used \d+ MB of memory, more than its 128 MB \(above the runtime's own \d+ MB\)/],
      ["measure-worker-busy", ["--measure-timeout", "3"], /not measured \(timed out after 3 s\)/],
    ] as const;
    for (const [name, extra, reason] of cases) {
      const planted = plantCase(name);
      symlinkSync(path.join(project, "node_modules"), path.join(planted.project, "node_modules"));
      const result = await coldstart(["cost", planted.project, "--measure", "--runs", "2", "--format", "json", ...extra], { env, stdin: "ignore", timeout: 120_000 });
      expect(result.exitCode, String(result.stderr)).toBe(0);
      expect(String(result.stderr)).toMatch(reason);
      expect(runningIn(planted.project), "workerd or miniflare left running").toEqual([]);
    }
  });

  it.runIf(Number(process.versions.node.split(".")[0]) < 22)("says which Node miniflare needs when only an older one is available", async () => {
    const olderOnly = { ...env, PATH: path.dirname(process.execPath) };
    const { exitCode, stderr, estimates } = await costMeasure(project, olderOnly, 2);
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/src\/index\.ts: not measured \(miniflare \S+ needs Node >=22[^)]*: this is Node 20\.[\d.]+ and no `node` on PATH is newer; put one first on PATH\); using the other assumptions instead/);
    expect(estimates[0]!.assumptions.measured).toBeUndefined();
  });

  it("bundles with wrangler deploy --dry-run, without an account", async () => {
    const outdir = path.join(root, "out");
    const result = await run("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(/env\.CACHE\s+KV Namespace/);
    expect(result.output).toContain("--dry-run: exiting now.");

    const bundle = readFileSync(path.join(outdir, "index.js"), "utf8");
    expect(bundle).toContain("AbortSignal.timeout(");
    expect(bundle).toContain("upstream_timeout");
    expect(bundle).toContain("/api/packages/:name+");
    expect(existsSync(path.join(outdir, "index.js.map"))).toBe(true);
  });

  it("serves the API locally with npm run dev (wrangler's workerd, local KV)", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    devServer = execa("npm", ["run", "dev", "--", "--port", String(port), "--ip", "127.0.0.1"], {
      cwd: project,
      env,
      detached: true,
      stdin: "ignore",
      all: true,
      reject: false,
    });
    try {
      await waitUntilAnswering(`${base}/health`, devServer!, "npm run dev", 90_000);

      const health = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) });
      expect(await health.json()).toEqual({ status: "ok" });

      const invalid = await fetch(`${base}/api/packages/Not%20Valid`, { signal: AbortSignal.timeout(5_000) });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ error: { code: "invalid_package_name" } });

      const wrongMethod = await fetch(`${base}/health`, { method: "DELETE", signal: AbortSignal.timeout(5_000) });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get("allow")).toBe("GET");
    } finally {
      await stopDevServer();
    }
  });
});

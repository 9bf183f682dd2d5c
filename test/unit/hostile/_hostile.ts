/**
 * The hostile-input harness: copies a fixtures/hostile/<case>/ project into a fresh temp folder,
 * plants what git cannot hold (symlinks, FIFOs, generated files, odd names), runs the built CLI on
 * it in a child process with a time limit, and collects everything it printed or wrote.
 */
import { execa } from "execa";
import { chmodSync, closeSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { defaultCacheDir } from "../../../src/audit/cache/store.js";
import { cliPath, repoRoot } from "../../e2e/_helpers.js";

export const hostileRoot = path.join(repoRoot, "fixtures/hostile");

/** Printed by nothing but a leak: the content of the file planted outside the project. */
export const OUTSIDE_MARKER = "COLDSTART-OUTSIDE-MARKER-4f1c";
/** An environment variable of the CI job, as /proc/self/environ would show it. */
export const ENV_MARKER = "COLDSTART-ENV-MARKER-9d2e";
/** A process that audit must never start leaves this file behind. */
export const SPAWN_MARKER = "spawned-by-audit";

/** What a case plants at run time, beside the fixture's own files. */
export interface Plant {
  /** Symlinks: path in the project -> target (`$OUTSIDE` is the planted outside folder). */
  symlinks?: Record<string, string>;
  /** Files written at run time: path -> content (for names git cannot hold, or big inputs). */
  files?: Record<string, string | (() => string)>;
  /** Named pipes (reading one blocks forever). */
  fifos?: string[];
}

export interface Planted {
  /** The temp folder holding everything of this case. */
  base: string;
  project: string;
  /** A folder beside the project with a marker file, for attacks that reach out of it. */
  outside: string;
  /** Where reports and baselines go. */
  out: string;
}

/** Copies fixtures/hostile/<name> (if it exists) into a temp folder and plants the rest. */
export function plantCase(name: string, plant: Plant = {}): Planted {
  const base = mkdtempSync(path.join(tmpdir(), `coldstart-hostile-${name.replace(/[^a-z0-9-]/gi, "")}-`));
  const project = path.join(base, "project");
  const outside = path.join(base, "outside");
  const out = path.join(base, "out");
  mkdirSync(project);
  mkdirSync(out);
  mkdirSync(outside);
  writeFileSync(path.join(outside, "secret.txt"), `${OUTSIDE_MARKER}\n`);
  writeFileSync(path.join(outside, "secret.ts"), `export const leaked = "${OUTSIDE_MARKER}";\n${OUTSIDE_MARKER}(\n`);
  writeFileSync(path.join(outside, "tsconfig.json"), `{ "compilerOptions": { "paths": { "x": ["${OUTSIDE_MARKER}"] } }, ${OUTSIDE_MARKER} }\n`);
  const fixture = path.join(hostileRoot, name);
  if (existsSync(fixture)) cpSync(fixture, project, { recursive: true, filter: (src) => path.basename(src) !== "hostile.md" });
  for (const [rel, content] of Object.entries(plant.files ?? {})) {
    mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
    writeFileSync(path.join(project, rel), typeof content === "function" ? content() : content);
  }
  for (const [rel, target] of Object.entries(plant.symlinks ?? {})) {
    mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
    symlinkSync(target.replace("$OUTSIDE", outside), path.join(project, rel));
  }
  for (const rel of plant.fifos ?? []) {
    mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
    execFileSync("mkfifo", [path.join(project, rel)]);
  }
  return { base, project, outside, out };
}

export interface CliRun {
  args: string[];
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Programs that would leave a marker if audit started them (it must start none but esbuild's own binary). */
export function plantFakeTools(planted: Planted): string {
  const bin = path.join(planted.base, "fake-bin");
  mkdirSync(bin, { recursive: true });
  const dirs = [bin, path.join(planted.project, "node_modules/.bin")];
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    for (const tool of ["git", "node", "npm", "npx", "esbuild", "wrangler", "tsc", "sam", "serverless", "sh", "bash", "prisma"]) {
      const file = path.join(dir, tool);
      writeFileSync(file, `#!/bin/sh\necho "$0 $*" >> "${path.join(planted.base, SPAWN_MARKER)}"\n`);
      chmodSync(file, 0o755);
    }
  }
  return bin;
}

/**
 * Runs the built CLI with a CI-like environment holding a planted token, within a time limit.
 * `stdoutFile` sends stdout to a file (such as /dev/full) instead of capturing it.
 */
export async function runCli(planted: Planted, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; stdoutFile?: string } = {}): Promise<CliRun> {
  const started = performance.now();
  const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, "w");
  const run = await execa(process.execPath, [cliPath, ...args], {
    reject: false,
    cwd: planted.base,
    timeout: options.timeoutMs ?? 120_000,
    killSignal: "SIGKILL",
    // The planted token comes first, as a CI secret may: a report that shows the start of
    // /proc/self/environ (code frames cut long lines) must still be caught.
    extendEnv: false,
    // A file descriptor, not execa's { file }, which execa would pipe and write itself. Execa hands
    // any descriptor to the child; its types list only 3 to 9.
    ...(stdoutFd === undefined ? {} : { stdout: stdoutFd as 3 }),
    env: {
      COLDSTART_HOSTILE_TOKEN: ENV_MARKER,
      ...process.env,
      CI: "true",
      NO_COLOR: "1",
      ...options.env,
    },
  });
  if (stdoutFd !== undefined) closeSync(stdoutFd);
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  if (text(run.stderr).includes("ERR_MODULE_NOT_FOUND")) throw new Error(`dist/ is missing or being rebuilt: ${text(run.stderr)}`);
  return { args, exitCode: run.exitCode, stdout: text(run.stdout), stderr: text(run.stderr), ms: performance.now() - started, timedOut: run.timedOut };
}

export const FORMATS = ["pretty", "json", "sarif", "github", "markdown"] as const;

export interface AuditRuns {
  runs: CliRun[];
  /** Every report, baseline and step summary written, by file name. */
  written: Record<string, string>;
  /** The entries of the audit's cache between runs (in the user's cache folder, one per project). */
  cached?: string[];
}

/**
 * Audits the planted project the way CI would, in one run: the default (pretty) report on stdout
 * under GitHub Actions (so the step summary is written too), a baseline, and every other format
 * written with --report.
 */
export async function auditEveryWay(planted: Planted, extra: string[] = [], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<AuditRuns> {
  const summary = path.join(planted.out, "step-summary.md");
  writeFileSync(summary, "");
  const reports = FORMATS.filter((f) => f !== "pretty").flatMap((f) => ["--report", `${f}=${path.join(planted.out, `report.${f}`)}`]);
  const args = ["audit", "project", "--write-baseline", path.join(planted.out, "baseline.json"), ...reports, ...extra];
  const runs = [await runCli(planted, args, { ...options, env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary, ...options.env } })];
  const written: Record<string, string> = {};
  for (const name of readdirSync(planted.out)) written[name] = readFileSync(path.join(planted.out, name), "utf8");
  return { runs, written, cached: cacheEntries(planted.project) };
}

/** Everything a person or a log would see, and what the cache keeps for the next run. */
export function everything(result: AuditRuns): string {
  return [...result.runs.flatMap((r) => [r.stdout, r.stderr]), ...Object.values(result.written), ...(result.cached ?? [])].join("\n");
}

/** The cache entries the audit kept for `project` (outside it, in the user's cache folder). */
export function cacheEntries(project: string): string[] {
  const dir = defaultCacheDir(realpathSync(project));
  if (dir === undefined) return [];
  let entries;
  try {
    if (lstatSync(dir).isSymbolicLink()) return [];
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile()).map((e) => readFileSync(path.join(e.parentPath, e.name), "utf8"));
}

/**
 * The contract for every hostile input: it finishes in time, exits 0/1 (findings) or 2 (one line,
 * no stack trace), and nothing it printed or wrote holds a planted marker.
 */
export function expectContained(result: AuditRuns, options: { exitCodes?: number[]; markers?: string[] } = {}): void {
  const markers = options.markers ?? [OUTSIDE_MARKER, ENV_MARKER];
  for (const run of result.runs) {
    const label = `coldstart ${run.args.join(" ")}\n--- stderr\n${run.stderr}`;
    // A hang is caught by the kill timeout (runCli); how fast a hostile input is handled is measured
    // by bench/hostile.mjs in CPU time, not asserted here on a shared machine's wall clock.
    expect(run.timedOut, label).toBe(false);
    expect(options.exitCodes ?? [0, 1], label).toContain(run.exitCode);
    expect(run.stderr, label).not.toMatch(/internal error|\n\s+at \S+ \(|Maximum call stack/);
    const errorLines = run.stderr.split("\n").filter((l) => l.startsWith("coldstart:"));
    expect(errorLines.length, label).toBeLessThanOrEqual(1);
  }
  const all = everything(result);
  for (const marker of markers) expect(all.includes(marker), `leaked ${marker}`).toBe(false);
  // eslint-disable-next-line no-control-regex
  expect(/\x1b|\x07|\x9b/.test(result.runs.map((r) => r.stdout + r.stderr).join("")), "raw control bytes reached the terminal").toBe(false);
}

/** Files (relative) and their sizes and mtimes, to prove a run wrote nothing into a folder. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink() || entry.isFIFO()) {
      out[path.relative(dir, abs)] = "special";
      continue;
    }
    const st = statSync(abs);
    out[path.relative(dir, abs)] = `${st.size}:${st.mtimeMs}`;
  }
  return out;
}

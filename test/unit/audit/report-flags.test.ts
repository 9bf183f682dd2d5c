import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, coldstart, repoRoot } from "../../e2e/_helpers.js";
import { runMain } from "../_main.js";

// The bundled example: 7 errors, 4 warnings, 2 info.
const storefront = path.join(repoRoot, "fixtures/examples/storefront");

/** The built CLI (bin/coldstart.js -> dist/), for what the process shows: its exit code, its stderr. */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = await coldstart(args, { env: { CI: "", GITHUB_ACTIONS: "", ...env } });
  return { exitCode: run.exitCode, stdout: String(run.stdout), stderr: String(run.stderr) };
}

/** The same arguments through main() in-process, for what the flags select. */
const inProcess = (args: string[]) => runMain(args, { env: { CI: "", GITHUB_ACTIONS: "" } });

describe("coldstart audit selection flags", { timeout: 180_000 }, () => {
  it("--format compact prints one line per finding, the same findings as JSON", async () => {
    const json = JSON.parse((await inProcess(["audit", storefront, "--format", "json"])).stdout);
    const run = await inProcess(["audit", storefront, "--format", "compact"]);
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(json.findings.length);
    expect(lines).toContain("lib/geo.ts:1:18: error edge/node-builtin " + json.findings.find((f: { file: string }) => f.file === "lib/geo.ts").message);
    for (const line of lines) expect(line).toMatch(/^[^:]+:\d+:\d+: (error|warning|info) [a-z0-9/-]+ \S/);
  });

  it("--quiet prints errors only and says what it left out; the verdict still judges every finding", async () => {
    const run = await inProcess(["audit", storefront, "--quiet", "--fail-on", "warning"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^error /m);
    expect(run.stdout).not.toMatch(/^(warning|info) /m);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^7 errors, 0 warnings, 0 info in 5 functions · 4 warnings and 2 info not shown \(--quiet\) · /);
    const json = JSON.parse((await inProcess(["audit", storefront, "--quiet", "--format", "json"])).stdout);
    expect(new Set(json.findings.map((f: { severity: string }) => f.severity))).toEqual(new Set(["error"]));
  });

  it("--max-warnings exits 1 above the count, as ESLint does", async () => {
    const ok = await cli(["audit", storefront, "--fail-on", "never", "--max-warnings", "4"]);
    expect(ok.exitCode).toBe(0);
    const over = await cli(["audit", storefront, "--fail-on", "never", "--max-warnings", "3"]);
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toContain("coldstart: 4 warnings, more than --max-warnings 3 allows");
    const bad = await cli(["audit", storefront, "--max-warnings", "-1"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--rule runs only the rules named (repeatable); an unknown one exits 2 with the closest", async () => {
    const run = await inProcess(["audit", storefront, "--format", "json", "--rule", "edge/node-global", "--rule", "lambda/default-memory"]);
    const rules = new Set(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId));
    expect(rules).toEqual(new Set(["edge/node-global", "lambda/default-memory"]));
    const unknown = await inProcess(["audit", storefront, "--rule", "edge/node-builtins"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe("coldstart: --rule edge/node-builtins: no such rule; did you mean edge/node-builtin?");
    expect(unknown.stdout).toBe("");
  });

  it("--function audits only the functions whose id or entry matches; none matching exits 2", async () => {
    const run = await inProcess(["audit", storefront, "--format", "json", "--function", "app/api/**"]);
    const doc = JSON.parse(run.stdout);
    expect(doc.functions.map((f: { id: string }) => f.id).sort()).toEqual(["vercel:app/api/orders/route.ts", "vercel:app/api/products/route.ts"]);
    expect(doc.findings.every((f: { file: string }) => f.file.startsWith("app/api/"))).toBe(true);
    const byId = JSON.parse((await inProcess(["audit", storefront, "--format", "json", "--function", "vercel:middleware.ts"])).stdout);
    expect(byId.functions.map((f: { id: string }) => f.id)).toEqual(["vercel:middleware.ts"]);
    const none = await inProcess(["audit", storefront, "--function", "nothing/**"]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr.split("\n")[0]).toBe("coldstart: --function nothing/**: matches none of the 5 functions found");
  });
});

/** A project that takes more than a second to audit: routes importing shared modules. */
function slowProject(): string {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-progress-"));
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "progress", private: true, dependencies: { next: "15.5.4" } }));
  mkdirSync(path.join(root, "lib"));
  for (let j = 0; j < 20; j++) writeFileSync(path.join(root, "lib", `m${j}.ts`), `export const v${j} = (s: string) => s.repeat(${j + 1});\n`);
  for (let i = 0; i < 300; i++) {
    mkdirSync(path.join(root, `app/api/r${i}`), { recursive: true });
    const j = i % 20;
    writeFileSync(path.join(root, `app/api/r${i}/route.ts`), `import { v${j} } from "../../../lib/m${j}";\nexport async function GET() { return Response.json({ v: v${j}("x") }); }\n`);
  }
  return root;
}

const hasScript = spawnSync("script", ["--version"]).status === 0;

describe.skipIf(!hasScript)("progress on a terminal", { timeout: 240_000 }, () => {
  const root = slowProject();
  /** Runs the audit under a pseudo-terminal (util-linux `script`), stdout to a file, stderr to the terminal. */
  const underPty = (env: NodeJS.ProcessEnv) => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "coldstart-pty-")), "stdout.txt");
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} audit ${JSON.stringify(root)} --fail-on never > ${JSON.stringify(out)}`;
    const terminal = execFileSync("script", ["-qec", command, "/dev/null"], { env: { ...process.env, CI: "", GITHUB_ACTIONS: "", ...env }, encoding: "utf8" });
    return { terminal, stdout: readFileSync(out, "utf8") };
  };

  it("shows the phase and counts on stderr, clears it, and never writes it to stdout", () => {
    // The audit of this project may finish within the usual one-second wait: show progress from the start.
    const { terminal, stdout } = underPty({ COLDSTART_PROGRESS_AFTER_MS: "0" });
    expect(terminal).toMatch(/coldstart: (discovering functions|bundling \d+\/300 functions|checking \d+\/\d+ rules)/);
    expect(terminal.endsWith("\r\x1b[K")).toBe(true);
    expect(stdout).not.toContain("coldstart:");
    expect(stdout).toContain("in 300 functions");
  });

  it("is absent in CI and with --quiet", () => {
    expect(underPty({ CI: "true" }).terminal).toBe("");
    const quiet = execFileSync("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} audit ${JSON.stringify(root)} --quiet --fail-on never 2>&1 >/dev/null`, "/dev/null"], {
      env: { ...process.env, CI: "", GITHUB_ACTIONS: "" },
      encoding: "utf8",
    });
    expect(quiet).toBe("");
  });

  it("a report on a terminal wraps to its width, with every word kept", async () => {
    const run = (pre: string) =>
      execFileSync("script", ["-qec", `${pre}${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} audit ${JSON.stringify(storefront)} --fail-on never --no-color 2>/dev/null`, "/dev/null"], {
        env: { ...process.env, CI: "", GITHUB_ACTIONS: "" },
        encoding: "utf8",
      }).replace(/\r\n/g, "\n");
    const narrow = run("stty cols 70; ");
    const lines = narrow.trimEnd().split("\n");
    // Code keeps its lines (frames, so a caret stays under its column, and fix examples), and a word longer than a line keeps its own.
    const doc = JSON.parse((await inProcess(["audit", storefront, "--format", "json"])).stdout) as { findings: Array<{ fix?: { example?: string } }> };
    const examples = new Set(doc.findings.flatMap((f) => (f.fix?.example ?? "").split("\n").map((l) => l.trim())));
    const over = lines.filter((l) => l.length > 70 && !/^ +>? *\d* \|/.test(l) && !examples.has(l.trim()) && /\S\s+\S/.test(l.trim()));
    expect(over).toEqual([]);
    const words = (text: string) => text.split(/\s+/).filter((w) => w && !/^\d+(\.\d+)?$/.test(w));
    expect(words(narrow).length).toBeGreaterThan(500);
    expect(words(narrow).filter((w) => w !== "s")).toEqual(words(run("stty cols 500; ")).filter((w) => w !== "s"));
  });

  it("is absent when stderr is not a terminal", async () => {
    const run = await cli(["audit", root, "--fail-on", "never"]);
    expect(run.stderr).toBe("");
  });
});

import { cpSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, tempDir } from "./_helpers.js";

const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");

describe("the Node API from the packed tarball", () => {
  const dir = tempDir("packed");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("installs with npm, imports by name with its types, and returns what the CLI prints", async () => {
    // What `npm pack` runs first (prepack: the declarations); dist/ is the suite's current build.
    await execa(process.execPath, [tsc, "-p", "tsconfig.types.json"], { cwd: repoRoot });
    await execa("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: repoRoot });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    const app = path.join(dir, "app");
    cpSync(path.join(repoRoot, "fixtures/examples/storefront"), path.join(app, "storefront"), { recursive: true });
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    await execa("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", path.join(dir, tarball)], { cwd: app });

    writeFileSync(
      path.join(app, "check.mjs"),
      `import { audit, discover, reporters } from "coldstart";
const report = await audit("storefront");
const found = await discover("storefront");
const md = await reporters.audit.markdown(report);
process.stdout.write(JSON.stringify({ report, functions: found.functions.length, md: md.split("\\n")[0] }));
`,
    );
    const run = await execa(process.execPath, ["check.mjs"], { cwd: app });
    const out = JSON.parse(run.stdout) as { report: { summary: { durationMs: number }; functions: unknown[] }; functions: number; md: string };
    const cli = await execa(process.execPath, [path.join(app, "node_modules/coldstart/bin/coldstart.js"), "audit", "storefront", "--format", "json", "--fail-on", "never"], { cwd: app });
    const printed = JSON.parse(cli.stdout) as { summary: { durationMs: number } };
    expect({ ...out.report, summary: { ...out.report.summary, durationMs: 0 } }).toEqual({ ...printed, summary: { ...printed.summary, durationMs: 0 } });
    expect(out.functions).toBe(out.report.functions.length);
    expect(out.md).toBe("## coldstart audit");

    // The published types are real: a wrong field is an error, so the directive below is used.
    writeFileSync(
      path.join(app, "check.ts"),
      `import { audit, diff, reporters, type AuditReport, type DiffResult } from "coldstart";
const report: AuditReport = await audit("storefront");
const errors: number = report.summary.errors;
// @ts-expect-error there is no such field
report.summary.nothing;
const result: DiffResult = await diff(".", { maxSizeIncrease: "20kB" });
const first: "added" | "removed" | "changed" | "unchanged" | undefined = result.functions[0]?.status;
const sarif: Promise<string> = reporters.audit.sarif(report);
export { errors, first, sarif };
`,
    );
    const typed = await execa(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "--types", "node", "--typeRoots", path.join(repoRoot, "node_modules/@types"), "check.ts"], {
      cwd: app,
      reject: false,
    });
    expect(typed.stdout + typed.stderr).toBe("");
    expect(typed.exitCode).toBe(0);
  });
});

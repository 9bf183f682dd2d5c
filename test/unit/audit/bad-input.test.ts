import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { InputError } from "../../../src/errors.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/bad-input");

function worker(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-bad-"));
  const all = { "wrangler.toml": 'name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-09-15"\n', ...files };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const engineFindings = (result: Awaited<ReturnType<typeof runAudit>>) =>
  result.findings.filter((f) => ["parse-error", "config-error"].includes(f.ruleId));

describe("bad input never crashes the audit", { timeout: 120_000 }, () => {
  it("generated code nested thousands deep is skipped with a warning; the other files are still checked", async () => {
    const concat = Array.from({ length: 4000 }, (_, i) => JSON.stringify(`part${i}`)).join(" + ");
    const root = worker({
      "src/index.js": 'import { big, deep } from "./generated.js";\nexport default { fetch: () => fetch("https://example.com").then(() => new Response(big + deep)) };\n',
      "src/generated.js": `export const big = ${concat};\nexport const deep = ${"[".repeat(3000)}1${"]".repeat(3000)};\nexport const slow = () => fetch("https://example.com");\n`,
    });
    const result = await runAudit({ root, today: "2026-11-25" });
    expect(engineFindings(result)).toEqual([
      expect.objectContaining({ ruleId: "parse-error", severity: "warning", file: "src/generated.js", line: 1 }),
    ]);
    expect(engineFindings(result)[0]!.message).toMatch(/^The checks skipped this file: (its syntax tree is more than 500 levels deep|it is nested too deeply for the TypeScript parser)/);
    // The entry is still analysed: its unguarded fetch is reported.
    expect(result.findings.filter((f) => f.ruleId === "timeout/fetch-no-signal").map((f) => f.file)).toEqual(["src/index.js"]);
  });

  it("a syntax error in an imported file is a parse-error at that file", async () => {
    const result = await runAudit({ root: path.join(fixtures, "syntax-error") });
    expect(engineFindings(result)).toEqual([
      expect.objectContaining({ ruleId: "parse-error", severity: "error", file: "src/greet.ts", function: "cloudflare-workers:src/index.ts" }),
    ]);
    expect(engineFindings(result)[0]!.message).toMatch(/^Unterminated/);
    expect(result.functions[0]!.bundle).toBeUndefined();
    // Rules still see the broken file through the entry's relative imports.
    expect(result.summary.files).toBe(2);
  });

  it("a broken tsconfig is a parse-error at tsconfig.json", async () => {
    const result = await runAudit({ root: path.join(fixtures, "broken-tsconfig") });
    expect(engineFindings(result)).toEqual([expect.objectContaining({ ruleId: "parse-error", file: "tsconfig.json", line: 5 })]);
  });

  it("a broken wrangler.toml or YAML template with no other function is a one-line input error", async () => {
    await expect(runAudit({ root: path.join(fixtures, "broken-wrangler") })).rejects.toThrow(/^wrangler\.toml:2: .*not valid TOML/);
    await expect(runAudit({ root: path.join(fixtures, "broken-yaml") })).rejects.toThrow(/^template\.yaml:9: .*not valid YAML/);
    await expect(runAudit({ root: path.join(fixtures, "broken-yaml") })).rejects.toBeInstanceOf(InputError);
  });

  it("non-UTF-8 source is bundled without findings from the engine", async () => {
    const result = await runAudit({ root: path.join(fixtures, "non-utf8") });
    expect(engineFindings(result)).toEqual([]);
    expect(result.functions[0]!.bundle!.bytes).toBeGreaterThan(0);
  });

  it("a symlink loop in the project does not hang or crash", async () => {
    const root = worker({
      "src/index.js": 'import { a } from "./lib/a.js";\nexport default { fetch: () => new Response(a) };\n',
      "src/lib/a.js": 'export const a = "a";\n',
    });
    symlinkSync("..", path.join(root, "src/lib/loop"));
    symlinkSync(path.join(root, "src/self-a"), path.join(root, "src/self-b"));
    symlinkSync(path.join(root, "src/self-b"), path.join(root, "src/self-a"));
    const result = await runAudit({ root });
    expect(engineFindings(result)).toEqual([]);
    expect(result.summary.files).toBe(2);
  });

  it("an import of a file that cannot be read is a parse-error, not a crash", async () => {
    const root = worker({ "src/index.js": 'import { a } from "./dangling.js";\nimport b from "./folder.js";\nexport default { fetch: () => new Response(a + b) };\n' });
    symlinkSync(path.join(root, "nowhere.js"), path.join(root, "src/dangling.js"));
    mkdirSync(path.join(root, "src/folder.js"));
    const result = await runAudit({ root });
    const errors = engineFindings(result);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((f) => f.ruleId === "parse-error" && f.file === "src/index.js")).toBe(true);
  });

  it("a huge minified dependency is measured, not choked on", async () => {
    const big = `export const table=[${Array.from({ length: 100_000 }, (_, i) => `{k:"key${i}",v:${i}}`).join(",")}];`;
    const root = worker({ "src/index.js": 'import { table } from "./vendor.min.js";\nexport default { fetch: () => new Response(String(table.length)) };\n', "src/vendor.min.js": big });
    const result = await runAudit({ root });
    expect(engineFindings(result)).toEqual([]);
    expect(result.functions[0]!.bundle!.bytes).toBeGreaterThan(1_500_000);
    expect(result.functions[0]!.bundle!.topInputs[0]!.path).toBe("src/vendor.min.js");
  });

  it("an entry that does not exist is a one-line error naming the config line", async () => {
    const root = worker({ "wrangler.toml": 'name = "w"\nmain = "src/missing.ts"\ncompatibility_date = "2025-09-15"\n' });
    await expect(runAudit({ root })).rejects.toThrow(/^wrangler\.toml:2: .*src\/missing\.ts/);
  });
});

describe("functions seen but not audited", { timeout: 120_000 }, () => {
  const template = (extra = "") =>
    `Transform: AWS::Serverless-2016-10-31\nResources:\n  PyFn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.handler\n      Runtime: python3.12\n${extra}`;

  it("are named in the error when nothing else can be audited", async () => {
    const root = worker({});
    const { rmSync } = await import("node:fs");
    rmSync(path.join(root, "wrangler.toml"));
    writeFileSync(path.join(root, "template.yaml"), template());
    const error = await runAudit({ root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^nothing to audit in .*: what coldstart found there is below, with why it was not audited\.$/);
    expect((error as InputError).hint).toMatch(/^Seen but not audited:\n {2}- template\.yaml:8: PyFn runs python3\.12; coldstart audits JavaScript and TypeScript only\nThe project kinds coldstart reads/);
    expect((error as InputError).hint).not.toContain("Looked for:");
  });

  it("are listed in the result next to the audited ones", async () => {
    const root = worker({ "src/index.js": "export default { fetch: () => new Response('ok') };\n" });
    writeFileSync(path.join(root, "template.yaml"), template());
    const result = await runAudit({ root, today: "2026-11-25" });
    expect(result.functions.map((f) => f.id)).toEqual(["cloudflare-workers:src/index.js"]);
    expect(result.notes).toEqual([{ message: "PyFn runs python3.12; coldstart audits JavaScript and TypeScript only", file: "template.yaml", line: 8 }]);
  });
});

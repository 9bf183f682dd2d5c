import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defineRule } from "../../../src/audit/define-rule.js";
import { runAudit } from "../../../src/audit/engine.js";
import { ignoreGlob } from "../../../src/audit/glob.js";
import { parseSuppressions } from "../../../src/audit/suppressions.js";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-supp-"));
  const all = { "wrangler.toml": 'name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-09-15"\n', ...files };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** Flags every line that calls `danger(`; the engine's rules run on real fixtures elsewhere. */
const dangerRule = defineRule({
  meta: { id: "test/danger", description: "calls danger()", defaultSeverity: "warning", platforms: ["cloudflare-workers"], prescan: /danger\(/ },
  check(ctx) {
    return ctx.functions.flatMap((fn) =>
      ctx.candidates(fn).flatMap((file) =>
        (fn.text(file) ?? "").split("\n").flatMap((line, i) => {
          const col = line.indexOf("danger(");
          return col < 0 || line.includes("function danger") ? [] : [{ message: "danger() called", file: ctx.relative(file), line: i + 1, column: col + 1, function: fn.fn.id }];
        }),
      ),
    );
  },
});

const source = [
  'import { danger } from "./danger.js";', // 1
  "// coldstart-ignore-next-line test/danger -- reviewed, input is constant", // 2
  "danger(1);", // 3
  "danger(2);", // 4
  "// coldstart-ignore-next-line test/other", // 5
  "const x = 1;", // 6
  "export default { fetch: () => new Response(String(x)) };", // 7
].join("\n");

describe("suppressions", { timeout: 120_000 }, () => {
  it("parses next-line and file comments with ids and reasons", () => {
    expect(parseSuppressions("a\n// coldstart-ignore-next-line edge/node-builtin, test/x -- why\n/* coldstart-ignore-file bundle/size-budget */\n# coldstart-ignore-next-line\n")).toEqual([
      { kind: "next-line", ruleIds: ["edge/node-builtin", "test/x"], line: 2, column: 1, used: false },
      { kind: "file", ruleIds: ["bundle/size-budget"], line: 3, column: 1, used: false },
      { kind: "next-line", ruleIds: [], line: 4, column: 1, used: false },
    ]);
  });

  it("hides the next line's finding and reports the unused suppression", async () => {
    const root = project({ "src/index.js": source, "src/danger.js": "export function danger(n) { return n; }\n" });
    const result = await runAudit({ root, rules: [dangerRule] });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.severity])).toEqual([
      ["test/danger", "src/index.js", 4, "warning"],
      ["unused-suppression", "src/index.js", 5, "info"],
    ]);
    expect(result.summary.suppressed).toBe(1);
  });

  it("a file-level suppression hides every finding of that rule in the file", async () => {
    const root = project({ "src/index.js": `/* coldstart-ignore-file test/danger */\n${source.replace("// coldstart-ignore-next-line test/other\n", "")}`, "src/danger.js": "export function danger(n) { return n; }\n" });
    const result = await runAudit({ root, rules: [dangerRule] });
    expect(result.findings.filter((f) => f.ruleId === "test/danger")).toEqual([]);
    expect(result.summary.suppressed).toBe(2);
    // The next-line comment above `danger(1)` is now redundant, so it is reported.
    expect(result.findings.map((f) => [f.ruleId, f.line])).toEqual([["unused-suppression", 3]]);
  });
});

describe("config severities and ignore", { timeout: 120_000 }, () => {
  const files = { "src/index.js": source, "src/danger.js": "export function danger(n) { return n; }\n", "src/vendor/x.js": "danger(3);\n" };

  it("overrides severities, turns rules off and skips ignored files", async () => {
    const root = project({ ...files, "src/index.js": `${source}\nimport "./vendor/x.js";` });
    const raised = await runAudit({ root, rules: [dangerRule], config: { rules: { "test/danger": "error", "unused-suppression": "off" } } });
    expect(raised.findings.map((f) => [f.ruleId, f.file, f.severity])).toEqual([
      ["test/danger", "src/index.js", "error"],
      ["test/danger", "src/vendor/x.js", "error"],
    ]);
    const ignored = await runAudit({ root, rules: [dangerRule], config: { ignore: ["src/vendor/**"], rules: { "unused-suppression": "off" } } });
    expect(ignored.findings.map((f) => f.file)).toEqual(["src/index.js"]);
    const off = await runAudit({ root, rules: [dangerRule], config: { rules: { "test/danger": { severity: "off" } } } });
    expect(off.findings.filter((f) => f.ruleId === "test/danger")).toEqual([]);
  });

  it("globs match like .gitignore patterns", () => {
    expect(ignoreGlob("src/vendor/**").test("src/vendor/a/b.js")).toBe(true);
    expect(ignoreGlob("*.min.js").test("deep/x.min.js")).toBe(true);
    expect(ignoreGlob("src/*.{ts,js}").test("src/a.js")).toBe(true);
    expect(ignoreGlob("src/*.{ts,js}").test("src/a/b.js")).toBe(false);
    expect(ignoreGlob("generated/").test("generated/x.ts")).toBe(true);
    expect(ignoreGlob("a,b.ts").test("a,b.ts")).toBe(true);
  });
});

describe("baseline", { timeout: 120_000 }, () => {
  it("reports only new findings, and survives line moves", async () => {
    const root = project({ "src/index.js": "import { danger } from './danger.js';\ndanger(1);\nexport default {};\n", "src/danger.js": "export function danger(n) { return n; }\n" });
    const first = await runAudit({ root, rules: [dangerRule] });
    expect(first.findings).toHaveLength(1);
    const baseline = first.unfiltered.map((f) => ({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint! }));

    // Lines added above move the old finding; a new call is a new finding.
    writeFileSync(path.join(root, "src/index.js"), "import { danger } from './danger.js';\n\n// moved\ndanger(1);\ndanger(2);\nexport default {};\n");
    const second = await runAudit({ root, rules: [dangerRule], baseline });
    expect(second.findings.map((f) => [f.line, f.message])).toEqual([[5, "danger() called"]]);
    expect(second.summary.baselined).toBe(1);
    expect(second.unfiltered).toHaveLength(2);
  });

  it("keeps duplicates on identical lines apart", async () => {
    const root = project({ "src/index.js": "import { danger } from './danger.js';\ndanger(1);\nexport default {};\n", "src/danger.js": "export function danger(n) { return n; }\n" });
    const first = await runAudit({ root, rules: [dangerRule] });
    const baseline = first.unfiltered.map((f) => ({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint! }));
    writeFileSync(path.join(root, "src/index.js"), "import { danger } from './danger.js';\ndanger(1);\ndanger(1);\nexport default {};\n");
    const second = await runAudit({ root, rules: [dangerRule], baseline });
    expect(second.findings.map((f) => f.line)).toEqual([3]);
  });
});

import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { compact } from "../../../src/report/compact.js";
import { github } from "../../../src/report/github.js";
import { MARKDOWN_LIMIT, markdown } from "../../../src/report/markdown.js";
import { pretty, SHOWN_FUNCTIONS, SHOWN_INFOS } from "../../../src/report/pretty.js";
import { wrapLine } from "../../../src/report/wrap.js";
import { largeResult } from "./large-result.js";
import { sampleResult } from "./sample-result.js";

describe("pretty on a 500-function monorepo", () => {
  const result = largeResult(500);
  const text = pretty(result, { color: false });
  const lines = text.trimEnd().split("\n");

  it("prints a finding shared by every function once, naming the first few", () => {
    const shared = lines.filter((l) => l.includes("apps/web/lib/upstream.ts:3:10"));
    expect(shared).toEqual([
      `  apps/web/lib/upstream.ts:3:10 · reached from 500 functions: ${result.findings[0]!.functions!.slice(0, SHOWN_FUNCTIONS).join(", ")} and 497 more (--verbose lists them)`,
    ]);
    // The 20 other findings with the same message share its text.
    expect(text.match(/fetch without a timeout holds the function/g)).toHaveLength(1);
    expect(lines.filter((l) => /^ {2}apps\/web\/app\/api\/r\d+\/route\.ts:5:3$/.test(l))).toHaveLength(20);
  });

  it("shows the first infos of a rule and counts the rest; --verbose shows all", () => {
    expect(text.match(/sets no maxDuration/g)).toHaveLength(SHOWN_INFOS);
    expect(text).toContain(`  … and ${500 - SHOWN_INFOS} more timeout/no-max-duration (info): --verbose prints them, --format compact lists one a line`);
    const verbose = pretty(result, { color: false, verbose: true });
    expect(verbose.match(/sets no maxDuration/g)).toHaveLength(500);
    expect(verbose).toContain(result.findings[0]!.functions!.join(", "));
  });

  it("names the packages not installed once for the workspace package, not per function", () => {
    expect(text.match(/not installed, so not read/g)).toHaveLength(1);
    expect(text).toContain("  apps/web (500 functions): not installed, so not read: pkg-00, pkg-01,");
    expect(text).not.toContain("cold start");
  });

  it("has headers only for functions with errors or warnings, and a summary counting every finding", () => {
    expect(text).toContain("Functions with errors or warnings (20 of 500; 480 more reach them through shared code)");
    expect(lines.filter((l) => /^ {2}vercel:apps\/web\/app\/api\/r\d+\/route\.ts \(vercel, nodejs\)/.test(l))).toHaveLength(20);
    expect(text).toContain(["Findings by rule", "  rule                      errors warnings    info", "  timeout/fetch-no-signal        0      21       0", "  timeout/no-max-duration        0       0     500"].join("\n"));
    expect(text).toContain("Heaviest functions (5 of 500) · minified and gzip bytes from the esbuild metafile\n    59.9 kB    9.0 kB  vercel:apps/web/app/api/r499/route.ts");
    expect(lines.at(-1)).toBe("0 errors, 21 warnings, 500 info in 500 functions · 501 files · 61.0 s");
  });

  it("stays short: the per-function layout took about 4,500 lines for this project", () => {
    expect(lines.length).toBeLessThan(130);
    expect(pretty(largeResult(50), { color: false }).trimEnd().split("\n").length).toBe(lines.length);
  });

  it("wraps to the width without cutting or losing a word", () => {
    const narrow = pretty(result, { color: true, width: 60 });
    const plain = stripVTControlCharacters(narrow);
    // Code frames are not wrapped (a caret must stay under its column), nor is a single word longer than the width.
    const over = plain.split("\n").filter((l) => l.length > 60 && !/^ +>? *\d* \|/.test(l) && !/\S{50}/.test(l));
    expect(over).toEqual([]);
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(words(plain)).toEqual(words(pretty(result, { color: false })));
  });
});

describe("github annotations on a monorepo", () => {
  it("name the first ten functions a shared finding reaches, and how many in all", () => {
    const first = github(largeResult(500)).split("\n")[0]!;
    expect(first).toContain(`%0AFunctions: ${largeResult(500).findings[0]!.functions!.slice(0, 10).join(", ")} and 490 more (500 in all; the JSON and SARIF reports list them)`);
    expect(first.length).toBeLessThan(1500);
  });
});

describe("wrapLine", () => {
  it("keeps the indent, hangs continuation lines and never cuts a word", () => {
    expect(wrapLine("  alpha beta gamma delta", 13, 2)).toEqual(["  alpha beta", "    gamma", "    delta"]);
    expect(wrapLine("  a-very-long-word-indeed x", 10)).toEqual(["  a-very-long-word-indeed", "  x"]);
    expect(wrapLine("short", undefined)).toEqual(["short"]);
  });
});

describe("compact format", () => {
  it("prints one stable line per finding: file:line:col: severity rule message", () => {
    const lines = compact(sampleResult()).trimEnd().split("\n");
    expect(lines).toEqual([
      "lib/geo.ts:2:1: error edge/node-builtin node:path is not available on the Edge Runtime: 100% of requests fail, a, b: c",
      "app/api/orders/route.ts:5:25: warning timeout/fetch-no-signal fetch without a timeout | hangs until the platform kills it",
      "workers/my worker/wrangler.toml:1:1: info config-error wrangler.toml: unknown key",
    ]);
    for (const line of lines) expect(line).toMatch(/^(.+):(\d+):(\d+): (error|warning|info) (\S+) (.+)$/);
  });

  it("makes project text printable and counts the functions of a shared finding", () => {
    const result = sampleResult();
    result.findings = [{ ...result.findings[0]!, file: "lib/\u001b[2Jgeo.ts", message: "bad\u202enews\nsecond line", functions: ["a", "b", "c"] }];
    expect(compact(result)).toBe("lib/\\x1b[2Jgeo.ts:2:1: error edge/node-builtin bad\\u202enews second line (reached from 3 functions)\n");
    expect(compact(largeResult(500)).split("\n").filter(Boolean)).toHaveLength(521);
    result.findings = [];
    expect(compact(result)).toBe("");
  });
});

describe("markdown within a PR comment", () => {
  it("fits 65,536 characters with the summary first, the most severe findings next, and says what it left out", () => {
    const result = largeResult(2000);
    const [shared] = result.findings;
    const errors = Array.from({ length: 30 }, (_, i) => ({ ...shared!, severity: "error" as const, ruleId: "edge/node-builtin", message: `node:fs in edge code ${i}. ${"Explain why. ".repeat(20)}`, line: i + 1, functions: undefined }));
    result.findings = [...errors, ...result.findings];
    result.summary.bySeverity.error = 30;
    const md = markdown(result, { fullReport: "`coldstart.sarif` (sarif)" });
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(md.indexOf("| Rule | Errors | Warnings | Info |")).toBeLessThan(md.indexOf("### 🔴 Errors (30)"));
    expect(md.indexOf("### 🔴 Errors (30)")).toBeLessThan(md.indexOf("### 🟠 Warnings (21)"));
    expect(md.match(/node:fs in edge code/g)).toHaveLength(30);
    const left = /\*\*(\d+) findings \(([^)]*)\) left out to stay under GitHub's 65,536-character comment limit\.\*\* The full report: `coldstart\.sarif` \(sarif\)\./.exec(md);
    expect(left).not.toBeNull();
    const rows = md.split("\n").filter((l) => /^\| `/.test(l)).length;
    expect(rows + Number(left![1])).toBe(result.findings.length);
    expect(left![2]).toMatch(/^\d+ info$/);
    expect(md).toContain("| 2000 functions: `vercel:apps/web/app/api/r0/route.ts`, `vercel:apps/web/app/api/r1/route.ts`, `vercel:apps/web/app/api/r2/route.ts` and 1997 more |");
    expect(md).toContain("Same message as the row above.");
  });

  it("leaves nothing out, and says nothing about it, when everything fits", () => {
    const md = markdown(largeResult(20));
    expect(md).not.toContain("left out");
    expect(md.split("\n").filter((l) => /^\| `/.test(l))).toHaveLength(41);
  });
});

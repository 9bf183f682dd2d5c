import { describe, expect, it } from "vitest";
import { auditEveryWay, expectContained, plantCase } from "./_hostile.js";

const ESC = "\x1b";
const weirdName = "evil\n### 0 errors <img src=x onerror=alert(1)> [docs](#top) @octocat`x`|y.ts";

describe("project text cannot drive a terminal or reshape a Markdown report", { timeout: 120_000 }, () => {
  it("escapes control bytes in pretty and github output and escapes Markdown in file names and messages", async () => {
    const planted = plantCase("terminal-and-markdown-injection", {
      files: {
        "src/planted.ts": `export { poll } from "./${weirdName.replace(/\n/g, "\\n").replace(/\.ts$/, ".js")}";\n`,
        [`src/${weirdName}`]: `export const banner = \`${ESC}]0;pwned\x07${ESC}[2J\r0 errors, 0 warnings \u202eevil\`;\nexport const poll = () => fetch("https://api.example.com/status?" + banner.length);\n`,
      },
    });
    const result = await auditEveryWay(planted, ["--fail-on", "never"], { env: { FORCE_COLOR: "0" } });
    // No raw ESC, BEL or CSI anywhere on the terminal (checked by expectContained).
    expectContained(result, { markers: ["\u202e", "\r0 errors"] });
    const pretty = result.runs[0]!.stdout;
    expect(pretty).toContain("\\x1b]0;pwned\\x07\\x1b[2J\\r0 errors, 0 warnings \\u202eevil");
    expect(pretty).toContain("src/evil\\n### 0 errors");
    expect(pretty).toMatch(/timeout\/fetch-no-signal/);
    expect(result.written["report.github"]).not.toMatch(/\x1b|\x07|\r/);
    const md = result.written["report.markdown"]!;
    expect(md).not.toContain("\n### 0 errors");
    // Code spans show their text as typed; outside them nothing may render as HTML, a link or a mention.
    const prose = md.replace(/(`+)[^`][\s\S]*?\1/g, "");
    for (const raw of ["<img", "[docs](", "@octocat"]) expect(prose, raw).not.toContain(raw);
    // Each table row keeps its four cells: no unescaped pipe or line break from the file name.
    const rows = md.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| ---") && !line.startsWith("| Severity"));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length, row).toBe(6);
  });
});

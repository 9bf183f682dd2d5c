import { describe, expect, it } from "vitest";
import { mdCode, mdText, printable, printableData } from "../../../src/report/escape.js";

describe("printable", () => {
  it("shows control bytes, C1 controls and bidirectional overrides as escapes", () => {
    expect(printable("a\x1b[2Jb\x07c\u009bd\u202ee\rf")).toBe("a\\x1b[2Jb\\x07c\\x9bd\\u202ee\\rf");
    expect(printable("one\ntwo\tthree")).toBe("one\\ntwo\tthree");
    expect(printable("one\ntwo", true)).toBe("one\ntwo");
  });

  it("keeps the layout of messages but escapes everything in names and source lines", () => {
    const data = printableData({ message: "a\nb\x1b", file: "x\ny.ts", excerpts: { "x\ny.ts": { 1: "\x1b]0;t\x07" } } });
    expect(data).toEqual({ message: "a\nb\\x1b", file: "x\\ny.ts", excerpts: { "x\\ny.ts": { 1: "\\x1b]0;t\\x07" } } });
  });
});

describe("Markdown escaping", () => {
  it("holds any text in a code span, backticks included", () => {
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(mdCode("line\nbreak")).toBe("`line\\nbreak`");
  });

  it("keeps code spans as code and shows links, HTML and mentions as typed", () => {
    expect(mdText("Use `a <b>` not <img src=x> [x](y) @octocat & *this*")).toBe(
      "Use `a <b>` not \\<img src=x\\> \\[x\\]\\(y\\) &#64;octocat &amp; \\*this\\*",
    );
  });
});

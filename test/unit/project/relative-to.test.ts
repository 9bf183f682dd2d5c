import path from "node:path";
import { describe, expect, it } from "vitest";
import { relativeTo } from "../../../src/project/files.js";

/** What relativeTo must answer: path.relative, in forward slashes, "." for the root itself. */
function expected(root: string, abs: string): string {
  const rel = path.relative(root, abs).split(path.sep).join("/");
  return rel === "" ? "." : rel;
}

describe("relativeTo", () => {
  const roots = ["/a/b", "/", "/a/b/", "/a/./b", "/a/b/..", "/a//b", "/x"];
  const tails = ["c", "c/d.ts", "./c", "../c", "c/../d", "c//d", "c/", "c/.", "c/..", ".hidden/x", "..x/y", "c/.well-known/d", "", "c/./d", "...", "c/...", "..", "."];

  it("answers as path.relative does, whether or not the paths are normalised", () => {
    const cases = roots.flatMap((root) => tails.map((tail) => [root, `${root}${root.endsWith("/") ? "" : "/"}${tail}`] as const));
    cases.push(["/a/b", "/a/bc/d"], ["/a/b", "/a/b"], ["/a/b", "/a"], ["/a/b", "/z/q"], ["/a/b", "/a/b/"]);
    for (const [root, abs] of cases) expect(relativeTo(root, abs), `${root} -> ${abs}`).toBe(expected(root, abs));
  });

  it("gives the tail of a plain path inside the root", () => {
    expect(relativeTo("/work/app", "/work/app/app/api/r1/route.ts")).toBe("app/api/r1/route.ts");
    expect(relativeTo("/work/app", "/work/app")).toBe(".");
  });
});

import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openAuditCache } from "../../../src/audit/cache/open.js";
import { discoverProject } from "../../../src/project/discover.js";
import { listFiles } from "../../../src/project/files.js";
import { createBoundary } from "../../../src/project/source/boundary.js";

// The audit cache walks the project to know its files' states; discovery walks it to find
// functions. With the cache outside the project the two walks are the same, so discovery reuses it.
const base = realpathSync(mkdtempSync(path.join(tmpdir(), "coldstart-shared-walk-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function project(name: string): string {
  const root = path.join(base, name);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write("package.json", JSON.stringify({ name, private: true, dependencies: { next: "15.5.4" } }));
  write("app/api/a/route.ts", "export async function GET() { return Response.json({ a: 1 }); }\n");
  write("app/api/b/route.ts", "export async function GET() { return Response.json({ b: 1 }); }\n");
  return root;
}

const run = { key: {}, whole: true, judged: new Set<string>() };

describe("the audit cache's walk of the project, reused by discovery", () => {
  it("is handed on when the cache folder is outside the project, and is the walk discovery would make", () => {
    const root = project("outside-cache");
    const boundary = createBoundary(root);
    const caches = openAuditCache(root, { dir: path.join(base, "cache-outside") }, run, boundary);
    expect(caches?.listing).toEqual(listFiles(root, createBoundary(root)));
  });

  it("is not handed on when the cache folder is inside the project (its files are left out of that walk)", () => {
    const root = project("inside-cache");
    const dir = path.join(root, "audit-cache");
    mkdirSync(path.join(dir, "bundle"), { recursive: true });
    writeFileSync(path.join(dir, "bundle", "x.json"), "{}");
    const caches = openAuditCache(root, { dir }, run, createBoundary(root));
    expect(caches).toBeDefined();
    expect(caches?.listing).toBeUndefined();
    expect(listFiles(root, createBoundary(root)).files).toContain("audit-cache/bundle/x.json");
  });

  it("is what discovery reads when it is given: a function the listing lacks is not discovered", async () => {
    const root = project("given-listing");
    const boundary = createBoundary(root);
    const full = listFiles(root, boundary);
    const withoutB = { files: full.files.filter((f) => f !== "app/api/b/route.ts"), refused: full.refused };
    const ids = async (listing?: typeof full) => (await discoverProject(root, { boundary, ...(listing ? { listing } : {}) })).functions.map((fn) => fn.id);
    expect(await ids()).toEqual(["vercel:app/api/a/route.ts", "vercel:app/api/b/route.ts"]);
    expect(await ids(withoutB)).toEqual(["vercel:app/api/a/route.ts"]);
  });
});

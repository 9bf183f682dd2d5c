import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles } from "../../../../src/project/files.js";
import { createBoundary, watchJudged } from "../../../../src/project/source/boundary.js";

// listFiles tells the boundary about the regular files it lists in folders reached by their real
// paths; their verdicts then come from the path alone. They must be the verdicts refuse() gives.
const base = realpathSync(mkdtempSync(path.join(tmpdir(), "coldstart-listed-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function project(): string {
  const root = path.join(base, `p${Math.random().toString(36).slice(2)}`);
  const write = (rel: string, text = "export {};\n") => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write("package.json", "{}");
  write("app/api/a/route.ts");
  write("app/api/a/.env", "TOKEN=1\n");
  write("app/api/a/.dev.vars.example", "TOKEN=\n");
  write("lib/db.ts");
  mkdirSync(path.join(base, "outside"), { recursive: true });
  writeFileSync(path.join(base, "outside/secret.ts"), "export const s = 1;\n");
  symlinkSync(path.join(base, "outside/secret.ts"), path.join(root, "lib/leak.ts"));
  symlinkSync(path.join(base, "outside"), path.join(root, "lib/out"));
  symlinkSync(path.join(root, "lib"), path.join(root, "app/lib-link"));
  return root;
}

describe("boundary.listed: files a listing found are judged as refuse() would judge them", () => {
  it("gives every listed and linked path the verdict a fresh boundary gives", () => {
    const root = project();
    const listedBoundary = createBoundary(root);
    const { files, refused } = listFiles(root, listedBoundary);
    expect(files).toContain("app/api/a/.env");
    expect(files).toContain("app/lib-link/db.ts");
    // lib/ is listed where the walk meets it first: through the link, so its files are not at their real paths.
    expect(refused.map((r) => r.rel)).toEqual(["app/lib-link/leak.ts", "app/lib-link/out"]);
    const fresh = createBoundary(root);
    const paths = [...files, "lib/leak.ts", "lib/out", "lib/out/secret.ts", "app/lib-link/leak.ts"].map((rel) => path.join(root, rel));
    const verdicts = (b: typeof fresh) => Object.fromEntries(paths.map((p) => [path.relative(root, p), b.refuse(p) ?? "ok"]));
    expect(verdicts(listedBoundary)).toEqual(verdicts(fresh));
    expect(fresh.refuse(path.join(root, "app/api/a/.env"))).toBe("is a local secrets file");
    expect(fresh.refuse(path.join(root, "app/api/a/.dev.vars.example"))).toBeUndefined();
  });

  it("takes a listed file's verdict from the listing, without looking at the disk again, and tells no watcher", () => {
    const root = project();
    const boundary = createBoundary(root);
    const judged: string[] = [];
    const stop = watchJudged((abs) => judged.push(path.relative(root, abs)));
    try {
      listFiles(root, boundary);
    } finally {
      stop();
    }
    // Only the links were judged while listing; the regular files were not looked at as reads.
    expect(judged.sort()).toEqual(["app/lib-link", "app/lib-link/leak.ts", "app/lib-link/out"]);
    // The file is now a link out of the project: a fresh boundary sees that, the listing's verdict stands for this run.
    const route = path.join(root, "app/api/a/route.ts");
    unlinkSync(route);
    symlinkSync(path.join(base, "outside/secret.ts"), route);
    expect(createBoundary(root).refuse(route)).toBe("is outside the project");
    expect(boundary.refuse(route)).toBeUndefined();
  });
});

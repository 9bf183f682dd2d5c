import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveLambdaEntry, splitHandler } from "../../../src/project/readers/lambda/lambda-entry.js";
import { createBoundary } from "../../../src/project/source/boundary.js";

function tree(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-entry-"));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), "export const handler = async () => {};\n");
  }
  return dir;
}

describe("splitHandler", () => {
  it.each([
    ["app.handler", "app", "handler"],
    ["src/handlers/orders.list", "src/handlers/orders", "list"],
    ["./dist/index.main", "./dist/index", "main"],
    ["handlers.v2/app.handler", "handlers.v2/app", "handler"],
    ["noexport", "noexport", "handler"],
  ])("%s -> %s + %s", (handler, file, exportName) => {
    expect(splitHandler(handler)).toEqual({ file, exportName });
  });
});

describe("resolveLambdaEntry", () => {
  it("prefers TypeScript beside the handler, then other extensions", async () => {
    const dir = tree(["src/app.ts", "src/app.js"]);
    const { entry } = await resolveLambdaEntry({ baseDir: dir, codeDir: "src", handlerFile: "app", packageRoot: dir, boundary: createBoundary(dir) });
    expect(entry).toBe(path.join(dir, "src/app.ts"));
  });

  it("maps a build-folder CodeUri back to the source without EntryPoints", async () => {
    const dir = tree(["src/handlers/orders.ts"]);
    const { entry } = await resolveLambdaEntry({ baseDir: dir, codeDir: "dist/handlers", handlerFile: "orders", packageRoot: dir, boundary: createBoundary(dir) });
    expect(entry).toBe(path.join(dir, "src/handlers/orders.ts"));
  });

  it("maps a handler path through a build folder (serverless.yml `dist/...`) back to the source", async () => {
    const dir = tree(["src/jobs/nightly.mts"]);
    const { entry } = await resolveLambdaEntry({ baseDir: dir, codeDir: undefined, handlerFile: "dist/jobs/nightly", packageRoot: dir, boundary: createBoundary(dir) });
    expect(entry).toBe(path.join(dir, "src/jobs/nightly.mts"));
  });

  it("uses the EntryPoint whose name matches the handler file", async () => {
    const dir = tree(["src/a.ts", "src/b.ts"]);
    const { entry } = await resolveLambdaEntry({ baseDir: dir, codeDir: "src", handlerFile: "b", entryPoints: ["a.ts", "b.ts"], packageRoot: dir, boundary: createBoundary(dir) });
    expect(entry).toBe(path.join(dir, "src/b.ts"));
  });

  it("returns what it tried when nothing exists", async () => {
    const dir = tree([]);
    const result = await resolveLambdaEntry({ baseDir: dir, codeDir: "src", handlerFile: "gone", packageRoot: dir, boundary: createBoundary(dir) });
    expect(result).toEqual({ entry: undefined, tried: [path.join(dir, "src/gone")] });
  });
});

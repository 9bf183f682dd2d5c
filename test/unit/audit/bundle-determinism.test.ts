import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleGroup, type BundleTarget } from "../../../src/audit/bundle.js";
import { tempProject } from "./_temp-project.js";
import { createBoundary } from "../../../src/project/source/boundary.js";

// A workspace package that declares itself free of side effects (as dubinc/dub's packages/ui and
// packages/utils do), imported by name (the workspace plugin resolves it) and, for one of its files,
// also by relative path (esbuild resolves it): esbuild keeps the side-effects flag of whichever
// import of a file it resolved first.
const { root, write } = tempProject("determinism");
write("package.json", JSON.stringify({ name: "determinism", private: true, workspaces: ["packages/*"] }));
write("packages/lib/package.json", JSON.stringify({ name: "@acme/lib", private: true, sideEffects: false }));
write("packages/lib/src/index.ts", 'export * from "./used";\nexport * from "./side";\n');
write("packages/lib/src/used.ts", "export const used = 1;\n");
write("packages/lib/src/side.ts", 'Object.assign(globalThis, { marker: "side.ts ran" });\nexport const side = 2;\n');
// A file of the package by its relative path, and the same file by the package's name.
write("routes/other.ts", 'export { side } from "../packages/lib/src/side";\n');
const entries = Array.from({ length: 12 }, (_, i) =>
  write(`routes/r${i}.ts`, i % 2 === 0 ? `import { used } from "@acme/lib";\nimport "./other";\nexport const handler = () => used + ${i};\n` : `import "@acme/lib/side";\nexport const handler = () => ${i};\n`),
);

const boundary = createBoundary(root);
const guard = { boundary, suspects: new RegExp(boundary.suspects([])), workspaces: new Map([["@acme/lib", path.join(root, "packages/lib")]]) };
const target: BundleTarget = { key: "nodejs", platform: "node", conditions: ["node"] };

/** What the report takes from each entry's bundle: its sizes and the files in it. */
async function measure(list: string[]) {
  const group = await bundleGroup(root, target, list, new Set(), guard);
  expect(group.errors.size).toBe(0);
  return [...group.entries.values()].map((b) => ({
    entry: path.relative(root, b.entry),
    bytes: b.bytes,
    gzipBytes: b.gzipBytes,
    inputs: Object.keys(b.metafile.outputs[b.output]!.inputs).sort(),
  }));
}

describe("bundles are the same on every run", () => {
  it("a workspace file imported by package name is tree-shaken as the same file imported by path is", async () => {
    // package.json says side.ts has no side effects: a bare `import` of it is dropped, whichever way it is named.
    const [byName] = await measure([entries[1]!]);
    expect(byName!.inputs).not.toContain("packages/lib/src/side.ts");
    expect(byName!.inputs).toEqual(["routes/r1.ts"]);
  });

  it("gives the same sizes and files when the same entries are bundled again and again", async () => {
    const first = await measure(entries);
    // side.ts is reached through other.ts's re-export only, which nothing uses.
    expect(first.every((e) => !e.inputs.includes("packages/lib/src/side.ts"))).toBe(true);
    for (let run = 0; run < 7; run++) expect(await measure(entries)).toEqual(first);
  });
});

describe("bundle groups running at the same time", () => {
  it("a package one runtime cannot resolve stays bundled for the runtime that can", { timeout: 120_000 }, async () => {
    const { runAudit } = await import("../../../src/audit/engine.js");
    const project = tempProject("groups");
    project.write("package.json", JSON.stringify({ name: "groups", private: true, dependencies: { next: "15.0.0" } }));
    // Installed, with a build for Node only: the Edge build cannot resolve it, the Node build can.
    project.write("node_modules/node-only/package.json", JSON.stringify({ name: "node-only", version: "1.0.0", exports: { ".": { node: "./node.js" } } }));
    project.write("node_modules/node-only/node.js", `export const value = "${"node build ".repeat(40)}";\n`);
    project.write("app/api/edge/route.ts", 'import { value } from "node-only";\nexport const runtime = "edge";\nexport async function GET() { return new Response(value); }\n');
    // Its first build fails on a package nobody declared, so it retries while the Edge build finds node-only missing.
    project.write("app/api/node/route.ts", 'import { value } from "node-only";\nimport extra from "undeclared-package";\nexport async function GET() { return Response.json([value, extra]); }\n');
    const result = await runAudit({ root: project.root, rules: [], today: "2026-12-06" });
    const byEntry = Object.fromEntries(result.functions.map((f) => [f.entry, f.bundle?.missingPackages]));
    expect(byEntry).toEqual({ "app/api/edge/route.ts": ["node-only"], "app/api/node/route.ts": ["undeclared-package"] });
  });
});

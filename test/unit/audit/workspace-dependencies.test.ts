import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BuildOptions, BuildResult } from "esbuild";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tempProject } from "./_temp-project.js";

/** Every esbuild build the audit starts, and whether it failed. */
const builds: Array<{ failed: boolean }> = [];

// The unit project shares modules between files (isolate: false): start from fresh ones so the mock
// below reaches every module that imports the mocked one, and leave fresh real ones for the next file.
vi.hoisted(() => vi.resetModules());
vi.mock("../../../src/audit/esbuild-load.js", async () => {
  const real = await import("esbuild");
  const recording = {
    ...real,
    build: async (options: BuildOptions): Promise<BuildResult> => {
      const record = { failed: false };
      builds.push(record);
      try {
        return await real.build(options);
      } catch (error) {
        record.failed = true;
        throw error;
      }
    },
  };
  return { loadEsbuild: () => Promise.resolve(recording) };
});
afterAll(() => {
  vi.doUnmock("../../../src/audit/esbuild-load.js");
  vi.resetModules();
});

const { frameworkModules, uninstalledDependencies } = await import("../../../src/audit/bundle.js");
const { report, cacheDir } = await import("../cache/_audit.js");

const install = (dir: string, name: string, main = "module.exports = {};\n") => {
  mkdirSync(path.join(dir, "node_modules", name), { recursive: true });
  writeFileSync(path.join(dir, "node_modules", name, "package.json"), JSON.stringify({ name, version: "1.0.0", main: "index.js" }));
  writeFileSync(path.join(dir, "node_modules", name, "index.js"), main);
};

describe("a workspace package's own dependencies", () => {
  it("count as not installed when neither its folder nor any function's package has them", () => {
    const { root, write } = tempProject("ws-deps");
    write("apps/web/package.json", JSON.stringify({ name: "web", dependencies: { next: "15.0.0" } }));
    write(
      "packages/utils/package.json",
      JSON.stringify({ name: "@acme/utils", dependencies: { clsx: "2.0.0", "left-pad": "1.0.0", zod: "3.0.0", punycode: "2.0.0" }, devDependencies: { tsup: "8.0.0" } }),
    );
    install(path.join(root, "packages/utils"), "left-pad");
    // Installed for the function's package only: left to the builds, which find out whether it resolves.
    install(path.join(root, "apps/web"), "zod");
    const web = path.join(root, "apps/web");
    const utils = path.join(root, "packages/utils");

    expect([...uninstalledDependencies([web])].sort()).toEqual(["next"]);
    // punycode is also a Node built-in: bundles leave it external as one, installed or not.
    expect([...uninstalledDependencies([web], [utils])].sort()).toEqual(["clsx", "next", "tsup"]);
    install(root, "clsx");
    expect([...uninstalledDependencies([web], [utils])].sort()).toEqual(["next", "tsup"]);
  });

  it("and the packages Next.js provides, for a Next.js app only", () => {
    const fn = (vercel?: { kind: string }, framework?: { id: string }) => ({ vercel, framework }) as unknown as Parameters<typeof frameworkModules>[0][number];
    expect(frameworkModules([fn({ kind: "app-route" })])).toEqual(["server-only", "client-only"]);
    expect(frameworkModules([fn({ kind: "middleware" })])).toEqual(["server-only", "client-only"]);
    expect(frameworkModules([fn(undefined, { id: "opennext-aws" })])).toEqual(["server-only", "client-only"]);
    expect(frameworkModules([fn({ kind: "vercel-api" }), fn(undefined, { id: "sveltekit" })])).toEqual([]);
    const { root, write } = tempProject("ws-undeclared");
    write("apps/web/package.json", JSON.stringify({ name: "web" }));
    const web = path.join(root, "apps/web");
    expect([...uninstalledDependencies([web], [], ["server-only"])]).toEqual(["server-only"]);
    install(web, "server-only");
    expect([...uninstalledDependencies([web], [], ["server-only"])]).toEqual([]);
  });

  it("are left external from the first build on, so no build fails on them, and a cached run sees them installed", { timeout: 120_000 }, async () => {
    const { root, write } = tempProject("ws-audit");
    write("package.json", JSON.stringify({ name: "mono", private: true, workspaces: ["apps/*", "packages/*"] }));
    write("apps/web/package.json", JSON.stringify({ name: "web", private: true, dependencies: { "@acme/utils": "workspace:*", next: "15.0.0" } }));
    write("packages/utils/package.json", JSON.stringify({ name: "@acme/utils", private: true, main: "src/index.ts", dependencies: { clsx: "2.0.0" } }));
    write("packages/utils/src/index.ts", 'import clsx from "clsx";\nexport const classes = (...names: string[]) => clsx(names);\n');
    for (const name of ["a", "b", "c"]) {
      // Next.js provides server-only to the code it builds: apps import it without declaring it.
      const marker = name === "a" ? 'import "server-only";\n' : "";
      write(`apps/web/app/api/${name}/route.ts`, `${marker}import { classes } from "@acme/utils";\nexport async function GET() {\n  return new Response(classes("${name}"));\n}\n`);
    }
    const dir = cacheDir();

    builds.length = 0;
    const first = await report(root, { cache: { dir } });
    expect(first.text).not.toMatch(/^error/);
    expect(first.hit).toBe(false);
    expect(first.result!.functions.map((fn) => fn.bundle?.missingPackages)).toEqual([["clsx", "server-only"], ["clsx"], ["clsx"]]);
    expect(builds.length).toBeGreaterThan(0);
    expect(builds.filter((b) => b.failed)).toEqual([]);
    expect((await report(root, { cache: { dir } })).hit).toBe(true);

    // Installing the workspace package's dependency changes the bundles: the stored run is not reused.
    install(root, "clsx", `module.exports = (names) => names.join(" ") + "${"x".repeat(2000)}";\n`);
    const second = await report(root, { cache: { dir } });
    expect(second.hit).toBe(false);
    expect(second.result!.functions.map((fn) => fn.bundle?.missingPackages)).toEqual([["server-only"], [], []]);
    expect(second.result!.functions[1]!.bundle!.bytes).toBeGreaterThan(first.result!.functions[1]!.bundle!.bytes + 2000);

    // And so does installing the undeclared one.
    install(root, "server-only");
    const third = await report(root, { cache: { dir } });
    expect(third.hit).toBe(false);
    expect(third.result!.functions.map((fn) => fn.bundle?.missingPackages)).toEqual([[], [], []]);
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { discoverProject } from "../../../src/project/discover.js";
import { pretty } from "../../../src/report/pretty.js";
import { auditMatchesExpected, expectPricedPerFunction, frameworksDir } from "./_audit-fixture.js";
import { tempProject } from "../audit/_temp-project.js";

const NAME = "sst-nextjs";
const dir = path.join(frameworksDir, NAME);

describe("SST v3 sst.aws.Nextjs in a monorepo, before install", () => {
  it("puts the Next.js app's routes on one Lambda server function with the component's server settings", async () => {
    const project = await discoverProject(dir);
    expect(project.problems).toEqual([]);
    const rows = project.functions.map((f) => [f.id, f.platform, f.runtime, f.deployUnit, f.framework?.role, f.handlers?.[0]]);
    expect(rows).toEqual([
      ["aws-lambda:packages/functions/src/webhooks.ts#Webhooks", "aws-lambda", "nodejs", undefined, undefined, undefined],
      ["aws-lambda:packages/web/app/api/checkout/route.ts", "aws-lambda", "nodejs", "sst:Web", "app-route", "GET"],
      ["aws-lambda:packages/web/app/api/products/route.ts", "aws-lambda", "nodejs", "sst:Web", "app-route", "GET"],
      ["aws-lambda:packages/web/middleware.ts", "aws-lambda", "nodejs", "sst:Web", "middleware", "middleware"],
    ]);
    const route = project.functions[1]!;
    expect(route.vercel).toBeUndefined();
    expect(route.framework).toMatchObject({ id: "next", route: "/api/checkout", targetAt: { file: "sst.config.ts", line: 9 } });
    expect(route.lambda).toMatchObject({ source: "sst", name: "Web server", memory: { mb: 2048, at: { file: "sst.config.ts", line: 12 } }, architecture: "arm64" });
    expect(project.workspacePackages).toMatchObject({ "@storefront/db": path.join(dir, "packages/db"), "@storefront/web": path.join(dir, "packages/web") });
  });

  it("reads the workspace package's source through its exports (dist/ -> src/), and finds exactly the planted problems", async () => {
    const result = await auditMatchesExpected(NAME);
    const pool = result.findings.find((f) => f.ruleId === "db/client-per-invocation")!;
    expect(pool.chain).toEqual(["packages/web/app/api/products/route.ts", "packages/db/src/index.ts", "packages/db/src/products.ts"]);
    await expectPricedPerFunction(NAME, result);
  });

  it("says which of the project's own packages it could not read, and what that hides", async () => {
    const result = await runAudit({ root: dir, today: "2026-05-01" });
    const webhooks = result.functions.find((f) => f.id.endsWith("#Webhooks"))!;
    expect(webhooks.bundle).toMatchObject({ missingPackages: ["@storefront/email", "stripe"], unreadOwnPackages: ["@storefront/email"] });
    const text = pretty(result, { color: false, verbose: true });
    expect(text).toContain("    the project's own, but its source was not found: @storefront/email; no check read their code");
    expect(text).toContain("    ✓ no findings in the code coldstart read (not everything was read, see above)");
    expect(pretty(result, { color: false })).toMatch(/^ {2}packages\/functions \(\d+ functions?\): the project's own, but its source was not found: @storefront\/email;/m);
  });

  it("a workspace member audited on its own still resolves its sibling packages", async () => {
    const result = await runAudit({ root: path.join(dir, "packages/web"), today: "2026-05-01" });
    expect(result.findings.find((f) => f.ruleId === "db/client-per-invocation")).toMatchObject({ file: "../db/src/products.ts", line: 4 });
  });
});

describe("workspace packages compiled from their root (tsc rootDir \".\", outDir dist)", () => {
  it("dist/src/x.js is read from src/x.ts, for the main entry and an exports subpath", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const root = mkdtempSync(path.join(tmpdir(), "coldstart-ws-rootdir-"));
    try {
      const write = (rel: string, text: string) => {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), text);
      };
      write("package.json", JSON.stringify({ name: "ws", private: true, workspaces: ["packages/*"] }));
      write("packages/api/package.json", JSON.stringify({ name: "@ws/api", dependencies: { "@ws/shared": "workspace:*" } }));
      write("packages/api/vercel.json", "{}");
      write("packages/api/api/hello.ts", "import { greet } from '@ws/shared';\nimport { log } from '@ws/shared/src/server';\nexport default function handler() { log(); return new Response(greet()); }\n");
      write("packages/shared/package.json", JSON.stringify({
        name: "@ws/shared",
        main: "./dist/src/index.js",
        exports: { ".": { import: "./dist/src/index.js" }, "./src/server": { import: "./dist/src/server/index.js" } },
      }));
      write("packages/shared/tsconfig.json", JSON.stringify({ compilerOptions: { outDir: "./dist", rootDir: "." } }));
      write("packages/shared/src/index.ts", "export const greet = () => 'hello';\n");
      write("packages/shared/src/server/index.ts", "export const log = () => console.log('served');\n");
      const result = await runAudit({ root, today: "2026-05-01" });
      const fn = result.functions[0]!;
      expect(fn.bundle?.unreadOwnPackages).toBeUndefined();
      expect(fn.bundle?.missingPackages).toEqual([]);
      expect(fn.bundle?.inputs?.map((i) => i.path).sort()).toEqual(["packages/api/api/hello.ts", "packages/shared/src/index.ts", "packages/shared/src/server/index.ts"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("workspace packages resolve only to files inside the project", () => {
  it("a package whose exports lead out of the workspace stays unread, and says so", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const outside = mkdtempSync(path.join(tmpdir(), "coldstart-ws-outside-"));
    const root = mkdtempSync(path.join(tmpdir(), "coldstart-ws-"));
    try {
      writeFileSync(path.join(outside, "secret.ts"), "export const token = 'x';\n");
      const write = (rel: string, text: string) => {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), text);
      };
      write("package.json", JSON.stringify({ name: "ws", private: true, workspaces: ["packages/*"] }));
      write("packages/api/package.json", JSON.stringify({ name: "@ws/api", dependencies: { "@ws/leak": "workspace:*", "@ws/util": "workspace:*" } }));
      write("packages/api/api/hello.ts", "import { token } from '@ws/leak';\nimport { shout } from '@ws/util/shout';\nexport default function handler() { return new Response(shout(token)); }\n");
      write("packages/api/vercel.json", "{}");
      write("packages/leak/package.json", JSON.stringify({ name: "@ws/leak", exports: { ".": path.relative(path.join(root, "packages/leak"), path.join(outside, "secret.ts")) } }));
      write("packages/util/package.json", JSON.stringify({ name: "@ws/util", exports: { "./*": { types: "./dist/*.d.ts", default: "./dist/*.js" } } }));
      write("packages/util/src/shout.ts", "export const shout = (s: string) => s.toUpperCase();\n");
      const result = await runAudit({ root, today: "2026-05-01" });
      const fn = result.functions[0]!;
      expect(fn.bundle?.unreadOwnPackages).toEqual(["@ws/leak"]);
      expect(fn.bundle?.topInputs.map((i) => i.path)).toContain("packages/util/src/shout.ts");
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe("a folder inside a monorepo that its workspace does not list", () => {
  it("is a project of its own: the workspace's package names are packages to install, and its sibling packages are outside", async () => {
    const { createBoundary } = await import("../../../src/project/source/boundary.js");
    const { root, write } = tempProject("ws-unlisted");
    // A framework's repository: its SDK is a workspace member; its examples install the SDK from the registry.
    write("package.json", JSON.stringify({ name: "kit", private: true, workspaces: ["sdk/js", "apps/*"] }));
    write("sdk/js/package.json", JSON.stringify({ name: "kit-sdk", exports: { ".": "./src/index.ts" } }));
    write("sdk/js/src/index.ts", 'import { readFileSync } from "node:fs";\nexport const config = () => readFileSync("/tmp/x", "utf8");\n');
    const worker = (dir: string) => {
      write(`${dir}/package.json`, JSON.stringify({ name: dir.replace("/", "-"), dependencies: { "kit-sdk": "latest" } }));
      write(`${dir}/wrangler.toml`, 'name = "w"\nmain = "src/index.ts"\ncompatibility_date = "2024-09-23"\ncompatibility_flags = ["nodejs_compat"]\n');
      write(`${dir}/src/index.ts`, 'import { config } from "kit-sdk";\nexport default { fetch: () => new Response(config()) };\n');
    };
    worker("examples/worker");
    worker("apps/worker");

    const example = path.join(root, "examples/worker");
    expect(createBoundary(example).roots).toEqual([example]);
    expect(createBoundary(example).refuse(path.join(root, "sdk/js/src/index.ts"))).toBeDefined();
    const alone = await runAudit({ root: example, today: "2026-05-01" });
    expect(alone.functions[0]!.bundle?.missingPackages).toEqual(["kit-sdk"]);
    expect(alone.findings.filter((f) => f.ruleId === "edge/node-builtin")).toEqual([]);

    // A listed member audited on its own still reaches its sibling package's source (and the fs import in it).
    const member = path.join(root, "apps/worker");
    expect(createBoundary(member).roots).toEqual([root]);
    const listed = await runAudit({ root: member, today: "2026-05-01" });
    expect(listed.findings.find((f) => f.ruleId === "edge/node-builtin")).toMatchObject({ file: "../../sdk/js/src/index.ts" });
  });

  it("a named pipe where a folder above keeps its package.json or pnpm-workspace.yaml is not read (it would block)", async () => {
    const { execFileSync } = await import("node:child_process");
    const { createBoundary } = await import("../../../src/project/source/boundary.js");
    const { root, write } = tempProject("ws-fifo");
    const app = path.dirname(write("apps/web/package.json", "{}"));
    execFileSync("mkfifo", [path.join(root, "package.json"), path.join(root, "pnpm-workspace.yaml")]);
    expect(createBoundary(app).roots).toEqual([app]);
    // A pnpm-workspace.yaml without `packages` still marks a workspace (pnpm before 10 takes every package below it).
    const { rmSync } = await import("node:fs");
    rmSync(path.join(root, "pnpm-workspace.yaml"));
    write("pnpm-workspace.yaml", "catalog:\n  react: ^19.0.0\n");
    expect(createBoundary(app).roots).toEqual([root]);
  });
});

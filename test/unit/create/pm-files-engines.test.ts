import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { nodeEngineWarning } from "../../../src/scaffold/engines.js";
import type { PlannedFile } from "../../../src/scaffold/plan.js";
import { setTemplatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, fixtureTemplates, tempDir } from "./_helpers.js";

beforeAll(() => setTemplatesRoot(fixtureTemplates));
afterAll(() => setTemplatesRoot(undefined));

const pkg = (engines: unknown): PlannedFile[] => [
  { path: "package.json", contents: Buffer.from(JSON.stringify({ name: "x", engines })), mode: 0o644 },
];

describe("package-manager files", () => {
  it("pnpm gets the install scripts it must allow, in both pnpm 10 and 11 spellings", async () => {
    const cwd = tempDir();
    const env = { PATH: process.env.PATH ?? "", npm_config_user_agent: "pnpm/11.1.0 npm/? node/v22.12.0 linux x64" };
    const { code } = await create(["edge", "--target", "workers", "--no-install", "--no-git"], captureIo({ cwd, env }));
    expect(code).toBe(0);
    const config = parseYaml(readFileSync(path.join(cwd, "edge/pnpm-workspace.yaml"), "utf8"));
    expect(config.allowBuilds).toMatchObject({ esbuild: true, workerd: true });
    expect(config.onlyBuiltDependencies).toEqual(expect.arrayContaining(["esbuild", "workerd"]));
  });

  it("yarn gets a node_modules layout; npm gets nothing extra", async () => {
    const cwd = tempDir();
    await create(["a", "--target", "lambda", "--pm", "yarn", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(readFileSync(path.join(cwd, "a/.yarnrc.yml"), "utf8")).toBe("nodeLinker: node-modules\n");
    const { stdout } = await create(["b", "--target", "lambda", "--pm", "npm", "--dry-run"], captureIo({ cwd }));
    expect(stdout).not.toMatch(/yarnrc|pnpm-workspace/);
  });
});

describe("Node engine check", () => {
  it("warns when the Node on PATH is below the template's floor", () => {
    expect(nodeEngineWarning(pkg({ node: ">=22.12.0" }), "v20.19.0")).toBe(
      "the project needs Node >=22.12.0 (its engines field) but the node on PATH is v20.19.0: install a newer Node before running its scripts.",
    );
    expect(nodeEngineWarning(pkg({ node: ">=22.12" }), "v22.11.9")).toContain("needs Node >=22.12");
  });

  it("stays quiet at or above the floor, and for ranges it does not read", () => {
    expect(nodeEngineWarning(pkg({ node: ">=22.12.0" }), "v22.12.0")).toBeUndefined();
    expect(nodeEngineWarning(pkg({ node: ">=22.12" }), "v24.1.0")).toBeUndefined();
    expect(nodeEngineWarning(pkg({ node: "^20.19 || >=22.12" }), "v18.0.0")).toBeUndefined();
    expect(nodeEngineWarning(pkg(undefined), "v18.0.0")).toBeUndefined();
  });
});

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { byId, discoverFixture, fixture } from "./_fixtures.js";

const work = mkdtempSync(path.join(tmpdir(), "coldstart-build-scripts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a project's own esbuild build script", () => {
  it("reads the esbuild CLI in package.json scripts (quoted banner, externals), not the watch script", async () => {
    const fn = byId(await discoverFixture("lambda-build-scripts/cli"), "aws-lambda:src/api.ts#Api");
    expect(fn.deployBuild).toEqual({
      from: "package.json scripts.build (esbuild CLI), which builds Api (its entry points include it)",
      minify: true,
      format: "esm",
      target: "node22",
      mainFields: ["module", "main"],
      external: ["@aws-sdk/*"],
      banner: "import { createRequire } from 'node:module';",
    });
  });

  it("a glob of entry points; esbuild's cjs default for platform node", async () => {
    const fn = byId(await discoverFixture("lambda-build-scripts/outdir"), "aws-lambda:src/report.ts#Report");
    expect(fn.deployBuild).toMatchObject({ minify: true, format: "cjs", from: expect.stringContaining("package.json scripts.bundle (esbuild CLI)") });
  });

  it("reads build() in a script file, spreads of local constants included, and finds the source of handlers in its outdir", async () => {
    const project = await discoverFixture("lambda-build-scripts/script");
    const orders = byId(project, "aws-lambda:src/functions/orders.ts#orders");
    expect(orders.codeMissing).toBeUndefined();
    expect(orders.entry).toBe(path.join(fixture("lambda-build-scripts/script"), "src/functions/orders.ts"));
    expect(orders.deployBuild).toEqual({
      from: "scripts/build.mjs build() at line 5 (package.json scripts.build), which builds orders (it writes dist/orders from src/functions/orders.ts)",
      minify: true,
      format: "cjs",
      target: "node20",
      external: ["pg-native"],
    });
    expect(byId(project, "aws-lambda:src/functions/users.ts#users").deployBuild?.minify).toBe(true);
    // Not an entry point of the script: bundled as before.
    expect(byId(project, "aws-lambda:src/admin.ts#admin").deployBuild).toBeUndefined();
    // The "build first" notes of the two functions are gone: their source was found.
    expect(project.notes).toEqual([]);
  });

  it("options it cannot read: no deploy options, and a note that says why", async () => {
    const project = await discoverFixture("lambda-build-scripts/dynamic");
    expect(byId(project, "aws-lambda:src/worker.ts#Worker").deployBuild).toBeUndefined();
    expect(project.notes).toEqual([
      {
        message: expect.stringMatching(/^esbuild\.config\.mjs esbuild\.build\(\) at line 4 .* builds Worker .*the spread `\.\.\.options` cannot be read; `minify` is computed: its size is measured with coldstart's own bundling instead$/),
        at: { file: "esbuild.config.mjs", line: 4, column: 7 },
      },
    ]);
  });

  it("the deploy tool's own bundling wins over a script", async () => {
    const fn = byId(await discoverFixture("lambda-build-scripts/sam-wins"), "aws-lambda:src/app.ts#App");
    expect(fn.deployBuild?.from).toBe("template.yaml Metadata.BuildProperties of App");
  });

  it("the Lambda template: without SAM's esbuild Metadata, scripts/build.mjs gives the same options", async () => {
    const dir = path.join(work, "lambda");
    const template = path.resolve(fixture("."), "../../templates/lambda");
    cpSync(template, dir, { recursive: true });
    const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => (key === "name" ? "orders-app" : key === "coldstartVersion" ? "0.1.0" : "10"));
    for (const file of ["package.json", "template.yaml"]) writeFileSync(path.join(dir, file), fill(readFileSync(path.join(dir, file), "utf8")));
    const withSam = byId(await discoverProject(dir), "aws-lambda:src/handlers/api.ts#ApiFunction").deployBuild;
    expect(withSam?.from).toContain("Metadata.BuildProperties");

    const yaml = readFileSync(path.join(dir, "template.yaml"), "utf8")
      .replace(/ {4}Metadata:\n(?: {6,}.*\n)+/g, "")
      .replace("Handler: api.handler", "Handler: src/handlers/api.handler")
      .replace("Handler: orders-worker.handler", "Handler: src/handlers/orders-worker.handler");
    expect(yaml).not.toContain("BuildMethod");
    writeFileSync(path.join(dir, "template.yaml"), yaml);
    const fromScript = byId(await discoverProject(dir), "aws-lambda:src/handlers/api.ts#ApiFunction").deployBuild;
    expect(fromScript?.from).toBe("scripts/build.mjs esbuild.build() at line 21 (package.json scripts.build), which builds ApiFunction (its entry points are computed from src/handlers/)");
    const { from: _a, ...sam } = withSam!;
    const { from: _b, ...script } = fromScript!;
    expect(script).toEqual(sam);
  });
});

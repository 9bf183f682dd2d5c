import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultTemplate, loadTemplates } from "../../../src/scaffold/registry.js";
import { DEFAULT_TARGET, setTemplatesRoot, templatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, fixtureTemplates, tempDir } from "./_helpers.js";
import { KEYS, mockTerminal } from "./_terminal.js";
import { createProject } from "../../../src/scaffold/create.js";

/** The fixture templates plus `extra` folders, each {manifest, files}. */
function templatesWith(extra: Record<string, { manifest: object; files: Record<string, string> }>): string {
  const root = tempDir("templates");
  cpSync(fixtureTemplates, root, { recursive: true });
  for (const [name, { manifest, files }] of Object.entries(extra)) {
    mkdirSync(path.join(root, name));
    writeFileSync(path.join(root, name, "coldstart-template.json"), JSON.stringify(manifest));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name, file)), { recursive: true });
      writeFileSync(path.join(root, name, file), text);
    }
  }
  return root;
}

const cronTemplate = {
  manifest: { description: "Cron Trigger that cleans up", platform: "workers", steps: [{ label: "test", command: { script: "test" } }] },
  files: { "package.json": '{ "name": "{{name}}", "scripts": { "test": "echo" } }', "src/cron.ts": "export {};\n", "_gitignore": "node_modules/\n" },
};

afterEach(() => setTemplatesRoot(undefined));

describe("the template registry", () => {
  it("a folder with a manifest is a template, with no code listing it", async () => {
    setTemplatesRoot(templatesWith({ "workers-cron": cronTemplate }));
    const { code, stdout } = await create(["--list"], captureIo());
    expect(code).toBe(0);
    expect(stdout.split("\n").filter(Boolean)).toEqual([
      "lambda        lambda   " + JSON.parse(readFileSync(path.join(fixtureTemplates, "lambda/coldstart-template.json"), "utf8")).description,
      "vercel        vercel   " + JSON.parse(readFileSync(path.join(fixtureTemplates, "vercel/coldstart-template.json"), "utf8")).description,
      "workers       workers  " + JSON.parse(readFileSync(path.join(fixtureTemplates, "workers/coldstart-template.json"), "utf8")).description,
      "workers-cron  workers  Cron Trigger that cleans up",
    ]);
  });

  it("--list --json gives name, platform and description", async () => {
    setTemplatesRoot(templatesWith({ "workers-cron": cronTemplate }));
    const { stdout } = await create(["--list", "--json"], captureIo());
    expect(JSON.parse(stdout)).toContainEqual({ name: "workers-cron", platform: "workers", description: "Cron Trigger that cleans up" });
  });

  it("--template picks the folder and its platform; the manifest itself is not copied", async () => {
    setTemplatesRoot(templatesWith({ "workers-cron": cronTemplate }));
    const cwd = tempDir();
    const { code, stdout } = await create(["jobs", "--template", "workers-cron", "--yes", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(code).toBe(0);
    expect(stdout).toContain('Creating a Cloudflare Workers project from the workers-cron template "jobs"');
    expect(readdirSync(path.join(cwd, "jobs")).sort()).toEqual([".gitignore", "package.json", "src"]);
    expect(JSON.parse(readFileSync(path.join(cwd, "jobs/package.json"), "utf8")).name).toBe("jobs");
  });

  it("refuses an unknown template and a template for another platform (exit 2), naming the choices", async () => {
    setTemplatesRoot(templatesWith({ "workers-cron": cronTemplate }));
    const unknown = await create(["x", "--template", "workers-crn", "--yes"], captureIo({ cwd: tempDir() }));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown template "workers-crn"');
    expect(unknown.stderr).toContain("Available: lambda, vercel, workers, workers-cron");
    const mismatch = await create(["x", "--template", "workers-cron", "--target", "lambda", "--yes"], captureIo({ cwd: tempDir() }));
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('the template "workers-cron" is for workers, not lambda');
  });

  it("refuses a manifest that breaks the contract, naming the field", async () => {
    setTemplatesRoot(templatesWith({ broken: { manifest: { description: "x", platform: "heroku" }, files: { "a.txt": "a" } } }));
    const { code, stderr } = await create(["--list"], captureIo());
    expect(code).toBe(2);
    expect(stderr).toContain('the template "broken" has an invalid coldstart-template.json: platform');
  });

  it("a template narrows the platform's limits (the Lambda HTTP API's 30 s)", async () => {
    const cwd = tempDir();
    const { code, stderr } = await create(["x", "--target", "lambda", "--timeout", "60", "--yes", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(code).toBe(2);
    expect(stderr).toContain("--timeout 60 is out of range for lambda: expected 1-29 (the template's HTTP API integration");
  });

  it("asks for the template after the platform when it has several, its default first", async () => {
    setTemplatesRoot(templatesWith({ "workers-cron": cronTemplate }));
    const cwd = tempDir();
    const t = mockTerminal({ cwd });
    const done = createProject({ dir: "jobs", install: false, git: false }, t.io, "coldstart");
    await t.expectPrompt("Where will it run?", KEYS.enter);
    await t.expectPrompt("Which kind of project?", KEYS.down, KEYS.enter);
    await t.expectPrompt("Set a CPU limit per request", KEYS.enter);
    expect(await done).toBe(0);
    expect(readdirSync(path.join(cwd, "jobs/src"))).toEqual(["cron.ts"]);
    expect(t.screen()).toContain("Cron Trigger that cleans up");
  });

  it("Enter at the platform prompt makes what --yes makes", async () => {
    setTemplatesRoot(fixtureTemplates);
    const cwd = tempDir();
    const t = mockTerminal({ cwd });
    const done = createProject({ dir: "api", install: false, git: false }, t.io, "coldstart");
    await t.expectPrompt("Where will it run?", KEYS.enter);
    await t.expectPrompt("Set a CPU limit per request", KEYS.enter);
    expect(await done).toBe(0);
    const headless = await create(["--yes", "--dry-run", "--json", "--no-install", "--no-git"], captureIo({ cwd: tempDir() }));
    expect(JSON.parse(headless.stdout).target).toBe(DEFAULT_TARGET);
    expect(readFileSync(path.join(cwd, "api/wrangler.jsonc"), "utf8")).toContain('"name": "api"');
  });
});

describe("the shipped templates", () => {
  const templates = loadTemplates(templatesRoot());

  it("every platform has its default template, named after it", () => {
    for (const t of ["vercel", "workers", "lambda"] as const) expect(defaultTemplate(templatesRoot(), t).platform).toBe(t);
  });

  it.each(templates.map((t) => [t.name, t] as const))("%s: pins coldstart exactly and runs its audit as a script", (_name, template) => {
    const pkg = JSON.parse(readFileSync(path.join(template.dir, "package.json"), "utf8")) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.devDependencies.coldstart).toBe("{{coldstartVersion}}");
    expect(pkg.scripts.audit).toBe("coldstart audit");
    expect(template.steps.map((step) => step.label)).toContain("audit");
    const ci = readFileSync(path.join(template.dir, ".github/workflows/ci.yml"), "utf8");
    expect(ci).toContain("uses: coldstart-dev/coldstart@v{{coldstartVersion}}");
    expect(ci).not.toMatch(/npx coldstart/);
  });

  it.each(templates.map((t) => [t.name] as const))("%s: scaffolds with every placeholder replaced and every step's script present", async (name) => {
    const cwd = tempDir(`shipped-${name}`);
    const { code, stderr } = await create(["svc-two", "--template", name, "--yes", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(code, stderr).toBe(0);
    const dir = path.join(cwd, "svc-two");
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const file of files) expect(readFileSync(path.join(file.parentPath, file.name), "utf8"), file.name).not.toMatch(/\{\{\w+\}\}/);
    expect(files.map((f) => f.name)).not.toContain("coldstart-template.json");
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; scripts: Record<string, string> };
    expect(pkg.name).toBe("svc-two");
    for (const step of templates.find((t) => t.name === name)?.steps ?? []) {
      if ("script" in step.command) expect(Object.keys(pkg.scripts), step.label).toContain(step.command.script);
    }
  });
});

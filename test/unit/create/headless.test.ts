import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTemplatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, fixtureTemplates, snapshot, tempDir } from "./_helpers.js";

beforeAll(() => setTemplatesRoot(fixtureTemplates));
afterAll(() => setTemplatesRoot(undefined));

describe("create, headless", () => {
  it("copies the template, renames _gitignore and replaces placeholders", async () => {
    const cwd = tempDir();
    const captured = captureIo({ cwd });
    const { code, stdout } = await create(["my-api", "--target", "workers", "--yes", "--no-install", "--no-git"], captured);
    expect(code).toBe(0);
    const dir = path.join(cwd, "my-api");
    const files = Object.keys(snapshot(dir)).sort();
    expect(files).toEqual([".env.example", ".github/workflows/ci.yml", ".gitignore", "icon.png", "package.json", "src/index.ts", "wrangler.jsonc"]);
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).name).toBe("my-api");
    const wrangler = readFileSync(path.join(dir, "wrangler.jsonc"), "utf8");
    expect(wrangler).toContain('  // "limits": { "cpu_ms": 50 }, // Paid plan');
    expect(wrangler).not.toContain("{{");
    expect(readFileSync(path.join(dir, "src/index.ts"), "utf8")).toContain("my-api says {{unknown}}");
    expect(readFileSync(path.join(dir, "icon.png"))).toEqual(readFileSync(path.join(fixtureTemplates, "workers/icon.png")));
    expect(stdout).toContain("npm run dev");
    expect(stdout).toContain("npm run audit");
  });

  it("leaves no temporary folder beside the project", async () => {
    const cwd = tempDir();
    await create(["app", "--target", "lambda", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(Object.keys(snapshot(cwd)).every((file) => file.startsWith("app/"))).toBe(true);
  });

  it("installs dependencies with the chosen package manager", async () => {
    const cwd = tempDir();
    const { code } = await create(["with-deps", "--target", "vercel", "--install", "--no-git", "--pm", "npm"], captureIo({ cwd, env: { ...process.env } }));
    expect(code).toBe(0);
    expect(existsSync(path.join(cwd, "with-deps/package-lock.json"))).toBe(true);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../../src/scaffold/registry.js";
import { templatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, tempDir } from "./_helpers.js";

// `--timeout` is the function's ceiling: a Vercel template must not keep a second, hard-coded one in a
// route's `maxDuration` or in vercel.json, or the two disagree as soon as the user picks another value.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|json)$/.test(e.name) && !e.parentPath.includes("node_modules"))
    .map((e) => path.join(e.parentPath, e.name));
}

const vercelTemplates = loadTemplates(templatesRoot())
  .filter((t) => t.platform === "vercel")
  .map((t) => t.name);

describe("Vercel templates take every maxDuration from --timeout", () => {
  it.each(vercelTemplates)("%s", async (template) => {
    const cwd = tempDir("timeout");
    const { code, stderr } = await create(["app", "--template", template, "--timeout", "47", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(code, stderr).toBe(0);
    expect(readdirSync(path.join(cwd, "app")).length).toBeGreaterThan(0);
    const durations = sourceFiles(path.join(cwd, "app")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/maxDuration"?\s*[=:]\s*(\d+)/g)].map((m) => `${path.relative(cwd, file)}: ${m[1]}`),
    );
    expect(durations.length, "no maxDuration found: --timeout would not reach the function").toBeGreaterThan(0);
    for (const found of durations) expect(found).toMatch(/: 47$/);
  });
});

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeSearch, discoverProject } from "../../../src/project/discover.js";
import { readText } from "../../../src/project/files.js";
import { createBoundary } from "../../../src/project/source/boundary.js";
import { InputError } from "../../../src/errors.js";
import { discoverFixture } from "./_fixtures.js";

function tempProject(): string {
  return mkdtempSync(path.join(tmpdir(), "coldstart-discover-"));
}

describe("bad input", () => {
  it("turns broken TOML, YAML, JSON and non-UTF-8 files into problems with locations", async () => {
    const project = await discoverFixture("broken-configs");
    expect(project.functions).toEqual([]);
    const byFile = Object.fromEntries(project.problems.map((p) => [p.at.file, p]));
    expect(Object.keys(byFile).sort()).toEqual([
      "sam/template.yaml",
      "sls/serverless.yml",
      "web/app/api/latin/route.ts",
      "web/vercel.json",
      "worker/wrangler.toml",
    ]);
    expect(byFile["worker/wrangler.toml"]).toMatchObject({ message: expect.stringMatching(/^wrangler\.toml is not valid TOML: /), at: { line: 3 } });
    expect(byFile["sam/template.yaml"]).toMatchObject({ message: expect.stringMatching(/^template\.yaml is not valid YAML: /), at: { line: 8 } });
    expect(byFile["sls/serverless.yml"]).toMatchObject({ message: expect.stringMatching(/^serverless\.yml is not valid YAML: /) });
    expect(byFile["web/vercel.json"]).toMatchObject({ message: "vercel.json is not valid: invalid JSON (close brace expected)", at: { line: 5 } });
    expect(byFile["web/app/api/latin/route.ts"]!.message).toBe("route.ts is not valid UTF-8 text; save it as UTF-8");
    for (const p of project.problems) expect(p.message).not.toContain("\n");
  });

  it("survives a symlink loop", async () => {
    const dir = tempProject();
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "wrangler.toml"), 'main = "src/index.ts"\ncompatibility_date = "2025-01-01"\n');
    writeFileSync(path.join(dir, "src/index.ts"), "export default {};\n");
    symlinkSync(dir, path.join(dir, "src/loop"));
    symlinkSync(path.join(dir, "nowhere"), path.join(dir, "dangling"));
    const project = await discoverProject(dir);
    expect(project.functions.map((f) => f.id)).toEqual(["cloudflare-workers:src/index.ts"]);
    expect(project.problems).toEqual([]);
  });

  it("returns no functions for a folder with none, and says what it looked for", async () => {
    const dir = tempProject();
    writeFileSync(path.join(dir, "README.md"), "# notes\n");
    const project = await discoverProject(dir);
    expect(project).toMatchObject({ root: dir, functions: [], problems: [], packages: [dir] });
    const search = describeSearch().join("\n");
    for (const word of ["app/**/route", "pages/api", "middleware", "proxy", "wrangler.toml", "wrangler.jsonc", "template.yaml", "serverless.yml", "NodejsFunction", "pnpm-workspace.yaml"]) {
      expect(search).toContain(word);
    }
  });

  it("throws an InputError for a missing folder or a file", async () => {
    const dir = tempProject();
    await expect(discoverProject(path.join(dir, "nope"))).rejects.toBeInstanceOf(InputError);
    writeFileSync(path.join(dir, "file.txt"), "x");
    await expect(discoverProject(path.join(dir, "file.txt"))).rejects.toThrow(/is not a folder/);
  });

  it("reads unreadable files as a message, never a throw", async () => {
    const dir = tempProject();
    const boundary = createBoundary(dir);
    expect(await readText(dir, boundary)).toEqual({ ok: false, message: `cannot read ${path.basename(dir)} (EISDIR)`, missing: false });
    expect(await readText(path.join(dir, "gone.json"), boundary)).toEqual({ ok: false, message: "cannot read gone.json (ENOENT)", missing: true });
  });

  it("skips node_modules, build output and test fixtures", async () => {
    const dir = tempProject();
    for (const folder of ["node_modules/pkg", ".next/server", "dist", "cdk.out", ".aws-sam/build", "test/fixtures/worker"]) {
      mkdirSync(path.join(dir, folder), { recursive: true });
      writeFileSync(path.join(dir, folder, "wrangler.toml"), 'main = "index.js"\n');
      writeFileSync(path.join(dir, folder, "index.js"), "export default {};\n");
    }
    const project = await discoverProject(dir);
    expect(project.functions).toEqual([]);
    expect(project.configFiles).toEqual([]);
  });
});

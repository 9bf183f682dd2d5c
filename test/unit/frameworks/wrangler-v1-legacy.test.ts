import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { discoverProject } from "../../../src/project/discover.js";
import { auditMatchesExpected, expectPricedPerFunction, frameworksDir, tempProject } from "./_audit-fixture.js";

const NAME = "wrangler-v1-legacy";

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = tempProject("wrangler-v1", files);
  made.push(dir);
  return dir;
}

describe("wrangler v1 configs", () => {
  it("audit the entry wrangler v1 used and record each v1 setting where it is written", async () => {
    const found = await discoverProject(path.join(frameworksDir, NAME));
    expect(found.problems).toEqual([]);
    const rows = found.functions.map((f) => [f.id, f.runtime, f.workers?.guessedMain, f.workers?.legacy?.map((l) => `${l.key}@${l.at.line}`)]);
    expect(rows).toEqual([
      ["cloudflare-workers:docs-site/workers-site/index.js", "workerd", { value: "workers-site/index.js", from: "workers-site/package.json `main`" }, ["type@2", "site@6", "site.entry-point@8"]],
      ["cloudflare-workers:link-shortener/index.js", "workerd", { value: "index.js", from: "package.json `main`" }, ["type@2", "webpack_config@3", "node_compat@6", "kv-namespaces@8"]],
    ]);
    expect(found.notes?.map((n) => `${n.at.file}:${n.at.line} ${n.message.slice(0, 48)}`)).toEqual([
      "image-resizer/wrangler.toml:2 the Worker is written in Rust (wrangler v1 `type",
    ]);
  });

  it("are reported by workers/compat-config at each key, with the planted code problems", async () => {
    const result = await auditMatchesExpected(NAME);
    const nodeCompat = result.findings.find((f) => f.file === "link-shortener/wrangler.toml" && f.line === 6)!;
    expect(nodeCompat.message).toMatch(/no longer supported as of wrangler 4/);
    expect(nodeCompat.fix?.example).toBe('compatibility_flags = ["nodejs_compat"]');
    const type = result.findings.find((f) => f.file === "link-shortener/wrangler.toml" && f.line === 2)!;
    expect(type.message).toMatch(/Add `main = "index.js"`/);
    await expectPricedPerFunction(NAME, result);
  });

  it("without an entry where wrangler v1 looked, is a problem naming what to write", async () => {
    const dir = project({ "wrangler.toml": 'name = "w"\ntype = "javascript"\n', "package.json": "{}" });
    const found = await discoverProject(dir);
    expect(found.functions).toEqual([]);
    expect(found.problems).toEqual([
      {
        message: 'wrangler.toml is a wrangler v1 config (`type`) without `main`: wrangler 4 stops with "Missing entry-point", and coldstart found no entry where wrangler v1 looked (package.json `main` or `module`, index.js). Add `main = "src/index.js"` (the Worker\'s source) and remove the v1 settings',
        at: { file: "wrangler.toml", line: 2, column: 1 },
      },
    ]);
  });

  it("takes [build.upload] main in its dir, which is build output until the custom build runs", async () => {
    const dir = project({
      "wrangler.toml": 'name = "w"\ntype = "javascript"\n\n[build]\ncommand = "npm run build"\n\n[build.upload]\nformat = "modules"\nmain = "./index.mjs"\n',
      "src/index.ts": "export default { fetch: () => new Response('ok') };\n",
    });
    const found = await discoverProject(dir);
    expect(found.functions).toEqual([]);
    expect(found.notes).toEqual([{ message: "`main` is build output (dist/index.mjs); build first to audit it", at: { file: "wrangler.toml", line: 9, column: 1 } }]);
  });

  it("reads a v1 modules Worker: package.json `module`, [build.upload] rules, and a bare import of a file beside it", async () => {
    const dir = project({
      "wrangler.toml": 'name = "chat"\ntype = "javascript"\ncompatibility_date = "2021-11-08"\n\n[build.upload]\nformat = "modules"\nrules = [{ type = "Data", globs = ["**/*.html"] }]\n',
      "package.json": JSON.stringify({ name: "chat", module: "./src/chat.mjs" }),
      "src/chat.mjs": 'import HTML from "chat.html";\nexport default { fetch: () => new Response(HTML) };\n',
      "src/chat.html": "<h1>chat</h1>\n",
    });
    const found = await discoverProject(dir);
    expect(found.functions.map((f) => [f.id, f.workers?.guessedMain, f.workers?.moduleRules])).toEqual([
      ["cloudflare-workers:src/chat.mjs", { value: "src/chat.mjs", from: "package.json `module`" }, [{ type: "Data", globs: ["**/*.html"] }]],
    ]);
    const result = await runAudit({ root: dir, today: "2026-05-01" });
    const parse = result.findings.find((f) => f.ruleId === "parse-error");
    expect(parse).toMatchObject({ file: "src/chat.mjs", line: 1 });
    expect(parse?.message).toMatch(/there is a file chat\.html beside the importer .* Import it as "\.\/chat\.html"\./);
  });
});

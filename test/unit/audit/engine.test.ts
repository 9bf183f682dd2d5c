import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defineRule } from "../../../src/audit/define-rule.js";
import { runAudit } from "../../../src/audit/engine.js";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-engine-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const fsImportRule = defineRule({
  meta: { id: "test/fs-import", description: "imports fs", defaultSeverity: "error", platforms: ["vercel", "cloudflare-workers", "aws-lambda"], prescan: /\bfs\b/ },
  check(ctx) {
    return ctx.functions.flatMap((fn) =>
      ctx.candidates(fn).flatMap((file) => {
        const sf = fn.sourceFile(file)!;
        return sf.getImportDeclarations()
          .filter((d) => /^(node:)?fs$/.test(d.getModuleSpecifierValue()))
          .map((d) => ({ message: "fs import", file: ctx.relative(file), line: d.getStartLineNumber(), column: 1, function: fn.fn.id, chain: fn.chainTo(file) }));
      }),
    );
  },
});

describe("runAudit", { timeout: 120_000 }, () => {
  it("bundles a middleware, finds a transitive import with its chain", async () => {
    const root = project({
      "package.json": JSON.stringify({ name: "x", dependencies: { next: "15.0.0" } }),
      "middleware.ts": 'import { helper } from "./lib/helper";\nexport function middleware() { return helper(); }\n',
      "lib/helper.ts": 'import { readFileSync } from "node:fs";\nimport lodash from "lodash";\nexport const helper = () => readFileSync("x") + lodash.a;\n',
    });
    const result = await runAudit({ root, rules: [fsImportRule], today: "2026-11-25" });
    expect(result.functions).toHaveLength(1);
    expect(result.functions[0]!.bundle?.missingPackages).toEqual(["lodash"]);
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.chain])).toEqual([
      ["test/fs-import", "lib/helper.ts", 1, ["middleware.ts", "lib/helper.ts"]],
    ]);
  });

  it("an alias it cannot resolve is named as an alias, not as a package that is not installed; one tsconfig `paths` resolves is followed", async () => {
    const root = project({
      "package.json": JSON.stringify({ name: "x", dependencies: { next: "15.0.0" } }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": ["lib/*"] } } }),
      "app/api/a/route.ts": 'import { db } from "~/server/db";\nimport { env } from "$lib/env";\nimport { ui } from "@/components/ui";\nimport { helper } from "@lib/helper";\nimport zod from "zod/v4";\nexport async function GET() { return Response.json([db, env, ui, helper(), zod]); }\n',
      "lib/helper.ts": 'import { readFileSync } from "node:fs";\nexport const helper = () => readFileSync("x");\n',
    });
    const result = await runAudit({ root, rules: [fsImportRule], today: "2026-11-25" });
    const bundle = result.functions[0]!.bundle!;
    expect(bundle.missingPackages).toEqual(["zod"]);
    expect(bundle.unresolvedAliases).toEqual(["$lib/", "@/", "~/"]);
    expect(result.findings.map((f) => [f.file, f.chain])).toEqual([["lib/helper.ts", ["app/api/a/route.ts", "lib/helper.ts"]]]);
  });
});

describe("mergeShared", () => {
  it("keeps one finding per rule, place and message, listing every function that reaches it", async () => {
    const { mergeShared } = await import("../../../src/audit/engine.js");
    const base = { ruleId: "lambda/aws-sdk-v2", severity: "error" as const, message: "v2", file: "src/lib/db.ts", line: 1, column: 8 };
    const merged = mergeShared([
      { ...base, function: "a" },
      { ...base, function: "b" },
      { ...base, function: "a" },
      { ...base, line: 2, function: "b" },
      { ...base, message: "v2 on nodejs18.x", function: "c" },
      { ...base, function: "c" },
    ]);
    expect(merged.map((f) => [f.line, f.message, f.function, f.functions])).toEqual([
      [1, "v2", "a", ["a", "b", "c"]],
      [2, "v2", "b", undefined],
      [1, "v2 on nodejs18.x", "c", undefined],
    ]);
  });
});

describe("imports the bundle cannot follow", { timeout: 120_000 }, () => {
  const sam = (handler: string) =>
    project({
      "package.json": JSON.stringify({ name: "layers", type: "module" }),
      "template.yaml": "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.handler\n      Runtime: nodejs22.x\n",
      "src/app.mjs": handler,
    });

  it("a Lambda layer import from /opt is the layer's code, not a broken path", async () => {
    const root = sam('import { config } from "/opt/nodejs/config.mjs";\nexport const handler = async () => config;\n');
    const result = await runAudit({ root, rules: [], today: "2026-11-25" });
    expect(result.findings.filter((f) => f.ruleId === "parse-error")).toEqual([]);
    expect(result.functions[0]!.bundle?.bytes).toBeGreaterThan(0);
  });

  it("a missing local file says a build step may generate it", async () => {
    const root = sam('import { schema } from "./generated/schema.js";\nexport const handler = async () => schema;\n');
    const result = await runAudit({ root, rules: [], today: "2026-11-25" });
    const [finding] = result.findings.filter((f) => f.ruleId === "parse-error");
    expect(finding).toMatchObject({ file: "src/app.mjs", line: 1 });
    expect(finding!.message).toMatch(/^Could not resolve "\.\/generated\/schema\.js": there is no such file, so aws-lambda:src\/app\.mjs#Fn cannot be bundled/);
    expect(finding!.message).toMatch(/If a build step or code generator writes it, run that before the audit/);
  });
});

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditEveryWay, expectContained, OUTSIDE_MARKER, plantCase, snapshot, type AuditRuns, type Plant } from "./_hostile.js";

interface Reported {
  functions: Array<{ id: string }>;
  findings: Array<{ ruleId: string; severity: string; file: string; line: number; message: string }>;
  notes: Array<{ file: string; message: string }>;
}

function report(result: AuditRuns): Reported {
  return JSON.parse(result.written["report.json"]!) as Reported;
}

interface Case {
  name: string;
  plant?: Plant;
  /** Before the run, inside the planted project (for what a fixture folder cannot hold, like .git). */
  prepare?: (project: string) => void;
  exitCodes?: number[];
  /** What the JSON report must hold. */
  check: (r: Reported, result: AuditRuns) => void;
}

const located = (ruleId: string, file: string, message: RegExp) => expect.objectContaining({ ruleId, file, message: expect.stringMatching(message) });

const cases: Case[] = [
  {
    name: "wrangler-main-proc-environ",
    check: (r) => {
      expect(r.functions.map((f) => f.id)).toEqual(["cloudflare-workers:src/index.ts"]);
      expect(r.findings).toContainEqual(located("config-error", "wrangler.toml", /^`main` \(env\.staging\) points at \/proc\/self\/environ, which is outside the project/));
    },
  },
  {
    name: "wrangler-main-parent-folder",
    exitCodes: [2],
    check: (_r, result) => expect(result.runs[0]!.stderr).toMatch(/^coldstart: wrangler\.jsonc:4: `main` points at \.\.\/outside\/secret\.ts, which is outside the project/),
  },
  {
    name: "tsconfig-extends-proc-environ",
    // esbuild reads /proc/self as its own process's folder: the report names it without the pid, which changes every run.
    check: (r) => expect(r.findings).toContainEqual(located("parse-error", "src/index.ts", /^\/proc\/<pid>\/environ is outside the project, yet the bundler was led to read it/)),
  },
  {
    name: "tsconfig-extends-parent-folder",
    check: (r) => expect(r.findings).toContainEqual(located("parse-error", "src/index.ts", /^\.\.\/outside\/tsconfig\.json is outside the project, yet the bundler/)),
  },
  {
    name: "tsconfig-paths-outside",
    check: (r) => expect(r.findings).toContainEqual(located("parse-error", "src/index.ts", /^\.\.\/outside\/secret\.ts is outside the project: coldstart reads only files inside/)),
  },
  {
    name: "sam-codeuri-outside",
    check: (r) => {
      expect(r.functions.map((f) => f.id)).toEqual(["aws-lambda:src/orders.ts#OrdersFunction"]);
      expect(r.findings).toContainEqual(located("config-error", "template.yaml", /^LeakFunction: CodeUri \.\.\/outside\/ is outside the project/));
    },
  },
  {
    name: "serverless-handler-outside",
    check: (r) => {
      expect(r.functions).toHaveLength(1);
      expect(r.findings).toContainEqual(located("config-error", "serverless.yml", /^functions\.leak: handler \.\.\/outside\/secret\.handler is outside the project/));
    },
  },
  {
    name: "symlink-file-out",
    plant: { symlinks: { "src/lib.ts": "$OUTSIDE/secret.ts" } },
    check: (r) => {
      expect(r.findings).toContainEqual(located("parse-error", "src/index.ts", /^\.\.\/outside\/secret\.ts is outside the project/));
      expect(r.notes).toContainEqual(expect.objectContaining({ file: "src/lib.ts", message: expect.stringMatching(/^is outside the project, so it was not followed/) }));
    },
  },
  {
    name: "symlink-folder-out",
    plant: { symlinks: { "src/shared": "$OUTSIDE" } },
    check: (r) => expect(r.findings).toContainEqual(located("parse-error", "src/index.ts", /^\.\.\/outside\/secret\.ts is outside the project/)),
  },
  {
    name: "symlink-to-filesystem-root",
    plant: { symlinks: { everything: "/", "src/up": "/" } },
    check: (r) => {
      expect(r.functions).toHaveLength(1);
      expect(r.notes.map((n) => n.file)).toEqual(["everything", "src/up"]);
    },
  },
  {
    name: "package-json-linked-to-environ",
    plant: { symlinks: { "src/package.json": "/proc/self/environ" } },
    check: (r) => expect(r.findings).toContainEqual(located("config-error", "src/package.json", /^src\/package\.json is outside the project\. The bundler reads such files by itself/)),
  },
  {
    name: "pipe-named-package-json",
    plant: { fifos: ["src/package.json"] },
    check: (r) => expect(r.findings).toContainEqual(located("config-error", "src/package.json", /^src\/package\.json is a named pipe, not a file\. The bundler/)),
  },
  {
    name: "pipe-imported-as-source",
    plant: { fifos: ["src/pipe.ts"] },
    check: (r) => expect(r.findings).toContainEqual(located("parse-error", "src/index.ts", /^src\/pipe\.ts is a named pipe, not a file: coldstart reads only/)),
  },
  {
    name: "git-config-as-main",
    prepare: (project) => {
      mkdirSync(path.join(project, ".git"));
      writeFileSync(path.join(project, ".git/config"), `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${OUTSIDE_MARKER}\n`);
    },
    check: (r) => {
      expect(r.functions.map((f) => f.id)).toEqual(["cloudflare-workers:src/index.ts#env.production"]);
      expect(r.findings).toContainEqual(located("config-error", "wrangler.toml", /^`main` points at \.git\/config, which is version-control data/));
    },
  },
];

describe("audit reads nothing outside the project and prints nothing of it", { timeout: 180_000, concurrent: true }, () => {
  it.each(cases)("$name", async (c) => {
    const planted = plantCase(c.name, c.plant);
    c.prepare?.(planted.project);
    const before = snapshot(planted.project);
    const result = await auditEveryWay(planted);
    expectContained(result, c.exitCodes ? { exitCodes: c.exitCodes } : {});
    expect(snapshot(planted.project)).toEqual(before);
    c.check(c.exitCodes?.includes(2) ? { functions: [], findings: [], notes: [] } : report(result), result);
  });
});

describe("odd but legal file names are still checked", () => {
  it("a colon in a file name or a folder named like node_modules does not hide a file from the rules", async () => {
    const planted = plantCase("odd-names", {
      files: {
        "wrangler.toml": 'name = "odd"\nmain = "src/index.ts"\ncompatibility_date = "2025-09-15"\n',
        "src/index.ts": 'import { a } from "./a:b.js";\nimport { m } from "./my_node_modules/m.js";\nexport default { fetch: async () => new Response(String((await a()).status + (await m()).status)) };\n',
        "src/a:b.ts": 'export const a = () => fetch("https://api.example.com/a");\n',
        "src/my_node_modules/m.ts": 'export const m = () => fetch("https://api.example.com/m");\n',
      },
    });
    const { runAudit } = await import("../../../src/audit/engine.js");
    const result = await runAudit({ root: planted.project });
    expect(result.findings.filter((f) => f.ruleId === "timeout/fetch-no-signal").map((f) => f.file).sort()).toEqual(["src/a:b.ts", "src/my_node_modules/m.ts"]);
  });
});

import { readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { github } from "../../../src/report/github.js";
import { json } from "../../../src/report/json.js";
import { markdown } from "../../../src/report/markdown.js";
import { pretty } from "../../../src/report/pretty.js";
import { MAX_RESULTS, sarif } from "../../../src/report/sarif.js";
import { validate } from "./json-schema.js";
import { sampleResult } from "./sample-result.js";

const schema = JSON.parse(readFileSync(new URL("./schemas/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8"));

describe("json reporter", () => {
  it("has exactly the documented shape", () => {
    const doc = JSON.parse(json(sampleResult(), { version: "1.2.3" }));
    expect(Object.keys(doc)).toEqual(["schemaVersion", "tool", "root", "functions", "findings", "notes", "plans", "summary"]);
    expect(doc.notes).toEqual([{ message: "Fn runs python3.12; coldstart audits JavaScript and TypeScript only", file: "template.yaml", line: 12 }]);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.tool).toEqual({ name: "coldstart", version: "1.2.3" });
    expect(doc.functions[0]).toEqual({
      id: "vercel:middleware.ts",
      platform: "vercel",
      runtime: "edge",
      entry: "middleware.ts",
      config: { file: "middleware.ts", line: 1 },
      bundle: {
        bytes: 12345,
        gzipBytes: 4321,
        topInputs: [{ path: "lib/geo.ts", bytes: 9000 }, { path: "middleware.ts", bytes: 3000 }],
        packages: [{ name: "(project)", bytes: 12000 }],
        missingPackages: ["next"],
      },
    });
    expect(doc.functions[1].bundle).toBeNull();
    expect(Object.keys(doc.findings[0])).toEqual(["ruleId", "severity", "message", "file", "line", "column", "function", "chain", "fix"]);
    expect(doc.findings[1].chain).toBeUndefined();
    expect(doc.findings[2].function).toBeNull();
    expect(doc.summary).toMatchObject({ functions: 3, findings: 3, errors: 1, warnings: 1, infos: 1, suppressed: 2 });
  });
});

describe("sarif reporter", () => {
  const log = JSON.parse(sarif(sampleResult(), { version: "1.2.3" }));

  it("validates against the SARIF 2.1.0 schema", () => {
    expect(validate(schema, log)).toEqual([]);
  });

  it("the validator rejects a broken log", () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = "fatal";
    delete broken.runs[0].tool.driver.name;
    expect(validate(schema, broken)).toEqual(
      expect.arrayContaining([expect.stringContaining("level"), expect.stringContaining("missing required name")]),
    );
  });

  it("maps levels, relative locations, fingerprints and rule metadata", () => {
    const run = log.runs[0];
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(["error", "warning", "note"]);
    const first = run.results[0];
    expect(first.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "lib/geo.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 2, startColumn: 1 },
    });
    expect(first.partialFingerprints).toEqual({ "coldstartFingerprint/v1": "aaaaaaaaaaaaaaaaaaaa" });
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe("edge/node-builtin");
    expect(run.tool.driver.rules[first.ruleIndex].helpUri).toBe("https://example.test/docs/rules/edge/node-builtin.md");
    expect(first.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe("middleware.ts");
    // A file-level finding has no region, and spaces are percent-encoded.
    expect(run.results[2].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "workers/my%20worker/wrangler.toml", uriBaseId: "%SRCROOT%" },
    });
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toBe("file:///projects/shop/");
  });
});

describe("github reporter", () => {
  it("writes one escaped workflow command per finding", () => {
    const lines = github(sampleResult()).trimEnd().split("\n");
    expect(lines[0]).toBe(
      "::error file=lib/geo.ts,line=2,col=1,title=coldstart edge/node-builtin::node:path" +
        " is not available on the Edge Runtime: 100%25 of requests fail, a, b: c%0AImport chain: middleware.ts -> lib/geo.ts%0AFix: Use URL and string methods instead of path.%0AFunction: vercel:middleware.ts",
    );
    expect(lines[1]).toMatch(/^::warning file=app\/api\/orders\/route.ts,line=5,col=25,title=coldstart timeout\/fetch-no-signal::fetch without a timeout \| hangs%0Auntil/);
    expect(lines[2]).toMatch(/^::notice file=workers\/my worker\/wrangler.toml,title=coldstart config-error::/);
    expect(lines).toHaveLength(4);
  });

  it("escapes : and , in properties and prefixes paths", () => {
    const result = sampleResult();
    result.findings = [{ ...result.findings[0]!, file: "a,b:c.ts", ruleId: "x%y" }];
    const line = github(result, { pathPrefix: "apps/web" }).split("\n")[0]!;
    expect(line).toContain("file=apps/web/a%2Cb%3Ac.ts,");
    expect(line).toContain("title=coldstart x%25y::");
  });
});

describe("markdown reporter", () => {
  it("puts the counts by rule first, then the findings by severity", () => {
    const md = markdown(sampleResult());
    expect(md).toContain("**1 error, 1 warning, 1 info in 3 functions (2 suppressed)**");
    expect(md).toContain("| Rule | Errors | Warnings | Info |\n| --- | ---: | ---: | ---: |\n| [`edge/node-builtin`](https://example.test/docs/rules/edge/node-builtin.md) | 1 | 0 | 0 |");
    expect(md).toContain("Heaviest functions (minified and gzip bytes from the esbuild metafile): `vercel:middleware.ts` 12.3 kB (4.3 kB gzip)");
    expect(md).toContain("| `edge/node-builtin` | `lib/geo.ts:2` | node:path is not available on the Edge Runtime: 100% of requests fail, a, b: c<br>Chain: `middleware.ts` → `lib/geo.ts`<br>Fix: Use URL and string methods instead of path. | `vercel:middleware.ts` |");
    expect(md).toContain("fetch without a timeout \\| hangs<br>until the platform kills it");
    expect(md.indexOf("### 🔴 Errors (1)")).toBeLessThan(md.indexOf("### 🟠 Warnings (1)"));
    expect(md.indexOf("### 🟠 Warnings (1)")).toBeLessThan(md.indexOf("### 🔵 Info (1)"));
    expect(md).not.toContain("left out");
  });
});

describe("code that was not read", () => {
  const unread = () => {
    const result = sampleResult();
    const fn = result.functions[2]!;
    fn.bundle = { ...fn.bundle!, missingPackages: ["@acme/db", "pg"], unreadOwnPackages: ["@acme/db"] };
    return result;
  };

  it("is named once per workspace package with the checks it blinds, and per function with --verbose", () => {
    const text = pretty(unread(), { color: false });
    expect(text).toContain(
      [
        "Not read",
        "  the audited folder (2 functions): not installed, so not read: next, pg (bundle/size-budget counts none of their bytes, and edge/node-builtin cannot see the Node built-ins they import)",
        "  the audited folder (2 functions): the project's own, but its source was not found: @acme/db; no check read their code (database clients, fetch timeouts, Node built-ins, secrets). Install the dependencies, or point the package's `exports` or `main` at a file in the workspace",
      ].join("\n"),
    );
    expect(text).toContain("the project's own, but its source was not found: @acme/db; no check read their code");
    const verbose = pretty(unread(), { color: false, verbose: true });
    expect(verbose).not.toContain("Not read\n");
    expect(verbose).toContain(
      [
        "  cloudflare-workers:src/index.ts (cloudflare-workers, workerd) · 800 B minified, 500 B gzip",
        "    not installed, so not read: pg (bundle/size-budget counts none of their bytes, and edge/node-builtin cannot see the Node built-ins they import)",
        "    the project's own, but its source was not found: @acme/db; no check read their code (database clients, fetch timeouts, Node built-ins, secrets). Install the dependencies, or point the package's `exports` or `main` at a file in the workspace",
        "    ✓ no findings in the code coldstart read (not everything was read, see above)",
      ].join("\n"),
    );
    expect(verbose).not.toMatch(/✓ no findings$/m);
    const md = markdown(unread());
    expect(md).toContain("- `.` (2 functions): not installed, so not read: next, pg");
    expect(md).toContain("- `.` (2 functions): the project's own, but its source was not found: &#64;acme/db");
    const doc = JSON.parse(json(unread()));
    expect(doc.functions[2].bundle).toMatchObject({ missingPackages: ["@acme/db", "pg"], unreadOwnPackages: ["@acme/db"] });
  });

  it("is grouped by workspace package", () => {
    const result = unread();
    result.functions[0]!.package = "apps/web";
    result.functions[2]!.package = "apps/worker";
    const text = pretty(result, { color: false });
    expect(text).toContain("  apps/web (1 function): not installed, so not read: next (");
    expect(text).toContain("  apps/worker (1 function): not installed, so not read: pg (");
    expect(text.match(/not installed, so not read/g)).toHaveLength(2);
  });
});

describe("pretty reporter", () => {
  it("groups by rule, with a code frame, the chain, the fix and a docs link", () => {
    const text = pretty(sampleResult(), { color: false });
    expect(text).toBe(stripVTControlCharacters(text));
    expect(text).toContain(
      [
        "error edge/node-builtin · 1 finding · Node built-in imported in edge code",
        "  node:path is not available on the Edge Runtime: 100% of requests fail, a, b: c",
        "  lib/geo.ts:2:1 · in vercel:middleware.ts",
        "      1 | // geo helpers",
        '    > 2 | import path from "node:path";',
        "        | ^",
        "      3 | ",
        "    chain: middleware.ts → lib/geo.ts",
        "  fix: Use URL and string methods instead of path.",
        "    new URL(p, base).pathname",
        "  docs: https://example.test/docs/rules/edge/node-builtin.md",
      ].join("\n"),
    );
    // Headers only for functions with errors or warnings; every function with --verbose.
    expect(text).toContain("Functions with errors or warnings (2 of 3)\n  vercel:middleware.ts (vercel, edge) · 12.3 kB minified, 4.3 kB gzip · 1 error\n");
    expect(text).not.toContain("cloudflare-workers:src/index.ts (cloudflare-workers");
    expect(pretty(sampleResult(), { verbose: true })).toContain("cloudflare-workers:src/index.ts (cloudflare-workers, workerd) · 800 B minified, 500 B gzip\n    ✓ no findings");
    expect(text).toContain(
      [
        "Findings by rule",
        "  rule                      errors warnings    info",
        "  edge/node-builtin              1       0       0",
        "  timeout/fetch-no-signal        0       1       0",
        "  config-error                   0       0       1",
      ].join("\n"),
    );
    expect(text.trimEnd().split("\n").at(-1)).toBe("1 error, 1 warning, 1 info in 3 functions (2 suppressed) · 4 files · 1.2 s");
  });

  it("colours only when asked", () => {
    const text = pretty(sampleResult(), { color: true });
    expect(text).not.toBe(stripVTControlCharacters(text));
    expect(stripVTControlCharacters(text)).toBe(pretty(sampleResult(), { color: false }));
  });
});

describe("sarif paths inside a repository", () => {
  it("prefixes the audited folder and moves the base up to the repository root", () => {
    const result = { ...sampleResult(), root: "/repo/apps/shop" };
    const log = JSON.parse(sarif(result, { pathPrefix: "apps/shop" }));
    expect(log.runs[0].originalUriBaseIds["%SRCROOT%"].uri).toBe("file:///repo/");
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("apps/shop/lib/geo.ts");
    expect(validate(schema, log)).toEqual([]);
  });
});

describe("fixes already in the message", () => {
  it("are not repeated", () => {
    const result = sampleResult();
    result.findings = [{ ...result.findings[0]!, message: "node:path is missing. Instead, use URL.", fix: { description: "Instead, use URL." } }];
    for (const text of [markdown(result), github(result), pretty(result), sarif(result)]) {
      expect(text.match(/Instead, use URL/g)).toHaveLength(1);
    }
  });
});

describe("a finding shared by several functions", () => {
  it("names every function that reaches it, once", () => {
    const result = sampleResult();
    const shared = { ...result.findings[0]!, functions: ["vercel:middleware.ts", "vercel:app/api/orders/route.ts"] };
    result.findings = [shared];
    expect(stripVTControlCharacters(pretty(result))).toContain("lib/geo.ts:2:1 · reached from 2 functions: vercel:middleware.ts, vercel:app/api/orders/route.ts\n");
    expect(markdown(result)).toContain("| `vercel:middleware.ts`, `vercel:app/api/orders/route.ts` |");
    expect(github(result)).toContain("Functions: vercel:middleware.ts, vercel:app/api/orders/route.ts");
    expect(JSON.parse(json(result)).findings[0].functions).toEqual(shared.functions);
    const props = JSON.parse(sarif(result)).runs[0].results[0].properties;
    expect(props).toMatchObject({ function: "vercel:middleware.ts", functions: shared.functions });
  });
});

describe("functions seen but not audited", () => {
  it("are listed in text, Markdown and SARIF, and absent when there are none", () => {
    const result = sampleResult();
    expect(stripVTControlCharacters(pretty(result))).toMatch(/Not audited \(2\)\n {2}· template\.yaml:12 Fn runs python3\.12; coldstart audits JavaScript and TypeScript only\n {2}· vercel:app\/api\/orders\/route\.ts not bundled/);
    expect(markdown(result)).toContain("### Not audited\n\n- `template.yaml:12`: Fn runs python3.12");
    const log = JSON.parse(sarif(result));
    expect(validate(schema, log)).toEqual([]);
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      {
        level: "note",
        message: { text: "Not audited: Fn runs python3.12; coldstart audits JavaScript and TypeScript only" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "template.yaml", uriBaseId: expect.any(String) }, region: { startLine: 12 } } }],
      },
    ]);
    result.notes = [];
    result.functions = result.functions.filter((fn) => fn.bundle);
    expect(pretty(result)).not.toContain("Not audited");
    expect(markdown(result)).not.toContain("Not audited");
    expect(JSON.parse(sarif(result)).runs[0].invocations).toBeUndefined();
  });
});

describe("sarif within GitHub's limits", () => {
  it("keeps the 25,000 most severe results and says how many were left out", () => {
    const result = sampleResult();
    const [error, warning, info] = result.findings;
    result.findings = [
      ...Array.from({ length: 10 }, (_, i) => ({ ...info!, line: i + 1 })),
      ...Array.from({ length: MAX_RESULTS - 5 }, (_, i) => ({ ...warning!, line: i + 1 })),
      ...Array.from({ length: 7 }, (_, i) => ({ ...error!, line: i + 1 })),
    ];
    const run = JSON.parse(sarif(result)).runs[0];
    expect(run.results).toHaveLength(MAX_RESULTS);
    expect(run.results.filter((r: { level: string }) => r.level === "error")).toHaveLength(7);
    expect(run.results.filter((r: { level: string }) => r.level === "note")).toHaveLength(0);
    expect(run.results.filter((r: { level: string }) => r.level === "warning")).toHaveLength(MAX_RESULTS - 7);
    expect(run.invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: "warning", message: { text: expect.stringMatching(/^12 of 25,012 results were left out/) } });
  });

  it("never points outside %SRCROOT%: a finding in a hoisted dependency is shown at its function's entry", () => {
    const result = sampleResult();
    result.findings = [{ ...result.findings[1]!, file: "../node_modules/pkg/index.js", chain: ["app/api/orders/route.ts", "../node_modules/pkg/index.js"] }];
    const log = JSON.parse(sarif(result));
    const r = log.runs[0].results[0];
    expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(result.functions.find((f) => f.id === r.properties.function)!.entry);
    expect(r.message.text).toContain("(In ../node_modules/pkg/index.js, outside the audited folder.)");
    expect(JSON.stringify(log)).not.toMatch(/"uri":\s*"\.\./);
    expect(validate(schema, log)).toEqual([]);
  });
});

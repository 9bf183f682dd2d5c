import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { github } from "../../../src/report/github.js";
import { json } from "../../../src/report/json.js";
import { markdown } from "../../../src/report/markdown.js";
import { pretty } from "../../../src/report/pretty.js";
import { sarif } from "../../../src/report/sarif.js";

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/examples/storefront");

// The README's first command audits this project; it must keep showing the edge rules.
describe("the bundled example project", { timeout: 120_000 }, () => {
  it("shows Node APIs in edge code, dynamic code and a Worker without Node compatibility, in every format", async () => {
    const result = await runAudit({ root: example, today: "2026-11-25" });
    const ids = result.functions.map((fn) => fn.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "vercel:middleware.ts",
        "vercel:app/api/products/route.ts",
        "vercel:app/api/orders/route.ts",
        "cloudflare-workers:workers/image-resizer/src/index.ts",
      ]),
    );
    const brief = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(brief).toEqual(
      expect.arrayContaining([
        "edge/node-builtin lib/geo.ts:1",
        "edge/dynamic-code app/api/products/route.ts:13",
        "edge/node-global app/api/products/route.ts:15",
        "edge/node-builtin workers/image-resizer/src/index.ts:1",
      ]),
    );
    expect(result.findings.find((f) => f.file === "lib/geo.ts")!.chain).toEqual(["middleware.ts", "lib/geo.ts"]);
    expect(result.functions.every((fn) => fn.bundle && fn.bundle.bytes > 0 && (fn.bundle.gzipBytes ?? 0) > 0)).toBe(true);

    // Every format carries the same findings.
    const n = result.findings.length;
    expect(JSON.parse(json(result)).findings).toHaveLength(n);
    expect(JSON.parse(sarif(result)).runs[0].results).toHaveLength(n);
    expect(github(result).split("\n").filter((l) => l.startsWith("::"))).toHaveLength(n);
    expect(markdown(result).split("\n").filter((l) => /^\| `/.test(l))).toHaveLength(n);
    const counted = [...pretty(result).matchAll(/^(?:error|warning|info) \S+ · (\d+) findings?/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(counted).toBe(n);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readText, sharedRead, shareReads } from "../../../src/project/files.js";
import { createBoundary } from "../../../src/project/source/boundary.js";
import { runAudit } from "../../../src/audit/engine.js";
import { defineRule } from "../../../src/audit/define-rule.js";

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-shared-reads-"));
  for (const [rel, content] of Object.entries(files)) writeFileSync(path.join(dir, rel), content);
  return dir;
}

describe("texts discovery read, shared with the audit's checks", () => {
  it("keeps a text only while shared, and only as a plain UTF-8 read gives it", async () => {
    const dir = folder({
      "plain.ts": "export const a = 1;\n",
      "bom.ts": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("export const b = 2;\n")]),
      "latin.ts": Buffer.from([0x61, 0xe9, 0x0a]),
    });
    const boundary = createBoundary(dir);
    const at = (name: string) => path.join(dir, name);
    await readText(at("plain.ts"), boundary);
    expect(sharedRead(at("plain.ts"))).toBeUndefined();

    const stop = shareReads();
    expect(await readText(at("plain.ts"), boundary)).toEqual({ ok: true, text: "export const a = 1;\n" });
    expect(sharedRead(at("plain.ts"))).toBe(readFileSync(at("plain.ts"), "utf8"));
    // Discovery reads past a byte order mark; the checks' excerpts and fingerprints read the file as it is.
    expect(await readText(at("bom.ts"), boundary)).toEqual({ ok: true, text: "export const b = 2;\n" });
    expect(sharedRead(at("bom.ts"))).toBeUndefined();
    expect((await readText(at("latin.ts"), boundary)).ok).toBe(false);
    expect(sharedRead(at("latin.ts"))).toBeUndefined();
    stop();
    expect(sharedRead(at("plain.ts"))).toBeUndefined();
  });

  it("gives the checks a route file's text as written, byte order mark included", async () => {
    const route = 'export const runtime = "edge";\nexport async function GET() {\n  return new Response(eval("1"));\n}\n';
    const dir = folder({ "package.json": JSON.stringify({ name: "x", dependencies: { next: "15.0.0" } }) });
    for (const [name, bom] of [["a", false], ["b", true]] as const) {
      const file = path.join(dir, "app", "api", name, "route.ts");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bom ? `\ufeff${route}` : route);
    }
    const seen: Record<string, string | undefined> = {};
    const rule = defineRule({
      meta: { id: "test/texts", description: "records texts", defaultSeverity: "info", platforms: ["vercel"] },
      check(ctx) {
        for (const fn of ctx.functions) seen[ctx.relative(fn.fn.entry)] = ctx.text(fn.fn.entry);
        return [];
      },
    });
    const result = await runAudit({ root: dir, rules: [rule], today: "2026-12-06" });
    expect(result.functions.map((f) => [f.entry, f.runtime])).toEqual([["app/api/a/route.ts", "edge"], ["app/api/b/route.ts", "edge"]]);
    expect(seen).toEqual({ "app/api/a/route.ts": route, "app/api/b/route.ts": `\ufeff${route}` });
    expect(sharedRead(path.join(dir, "app/api/a/route.ts"))).toBeUndefined();
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../_main.js";
import { defaultCacheDir } from "../../../src/audit/cache/store.js";
import { cacheDir, report } from "./_audit.js";

/** `coldstart audit` through main() in-process (see ../_main.ts): the cache options the command itself sets. */
const cli = (args: string[]) => runMain(args);

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-cached-"));
  for (const [rel, text] of Object.entries(files)) write(root, rel, text);
  return root;
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

/** Three Next.js routes: two on Node that share a module, one on the Edge Runtime with its own. */
const NEXT_APP = {
  "package.json": JSON.stringify({ name: "shop", dependencies: { next: "15.5.4" } }),
  "lib/prices.ts": "export const price = (n: number) => n * 2;\n",
  "lib/geo.ts": "export const country = (h: Headers) => h.get('x-country') ?? 'NL';\n",
  "app/api/cart/route.ts": 'import { price } from "../../../lib/prices";\nexport async function GET() { return Response.json({ total: price(2) }); }\n',
  "app/api/checkout/route.ts": 'import { price } from "../../../lib/prices";\nexport async function POST() { return Response.json({ total: price(3) }); }\n',
  "app/api/geo/route.ts": 'import { country } from "../../../lib/geo";\nexport const runtime = "edge";\nexport async function GET(r: Request) { return Response.json({ c: country(r.headers) }); }\n',
};

/** The bundle entries of a cache folder: slot file -> its text. */
function bundleEntries(dir: string): Map<string, string> {
  const folder = path.join(dir, "bundle");
  return new Map(readdirSync(folder).map((f) => [f, readFileSync(path.join(folder, f), "utf8")]));
}

function changed(before: Map<string, string>, after: Map<string, string>): number {
  return [...after].filter(([slot, text]) => before.get(slot) !== text).length;
}

describe("the audit cache", { timeout: 120_000 }, () => {
  it("reuses the whole result until a file changes, then rebuilds only the bundles that read it", async () => {
    const root = project(NEXT_APP);
    const at = cacheDir();
    const first = await report(root, { cache: { dir: at } });
    expect(first.result?.functions).toHaveLength(3);
    const stored = bundleEntries(at);
    expect(stored.size).toBe(3);
    expect((await report(root, { cache: { dir: at } })).hit).toBe(true);

    // The Edge route's own module: only its bundle is rebuilt, and the report sees the change.
    write(root, "lib/geo.ts", 'import { readFileSync } from "node:fs";\nexport const country = (h: Headers) => h.get("x-country") ?? readFileSync("/etc/hostname", "utf8");\n');
    const edited = await report(root, { cache: { dir: at } });
    expect(edited.hit).toBe(false);
    expect(changed(stored, bundleEntries(at))).toBe(1);
    expect(edited.result!.findings.some((f) => f.file === "lib/geo.ts" && f.ruleId === "edge/node-builtin")).toBe(true);
    expect(edited.text).toBe((await report(root)).text);

    // The module two routes share: both of their bundles, not the third.
    const before = bundleEntries(at);
    write(root, "lib/prices.ts", "export const price = (n: number) => n * 3;\n");
    const shared = await report(root, { cache: { dir: at } });
    expect(changed(before, bundleEntries(at))).toBe(2);
    expect(shared.text).toBe((await report(root)).text);
  });

  it("sees a new route, a deleted file and a newly installed package", async () => {
    const root = project(NEXT_APP);
    const at = cacheDir();
    await report(root, { cache: { dir: at } });
    write(root, "app/api/orders/route.ts", "export async function GET() { return Response.json([]); }\n");
    const added = await report(root, { cache: { dir: at } });
    expect(added.hit).toBe(false);
    expect(added.result!.functions).toHaveLength(4);
    rmSync(path.join(root, "app/api/orders/route.ts"));
    expect((await report(root, { cache: { dir: at } })).result!.functions).toHaveLength(3);
    // `next` was missing (left external); once installed, esbuild reads it.
    write(root, "node_modules/next/package.json", JSON.stringify({ name: "next", version: "15.5.4", main: "index.js" }));
    write(root, "node_modules/next/server.js", "export const NextResponse = { json: (x) => x };\n");
    write(root, "app/api/cart/route.ts", 'import { NextResponse } from "next/server";\nexport async function GET() { return NextResponse.json({}); }\n');
    const installed = await report(root, { cache: { dir: at } });
    expect(installed.text).toBe((await report(root)).text);
  });

  it("ignores a truncated, corrupt, edited or foreign entry, and replaces it", async () => {
    const root = project(NEXT_APP);
    const at = cacheDir();
    const fresh = await report(root, { cache: { dir: at } });
    const runFile = path.join(at, "run", readdirSync(path.join(at, "run"))[0]!);
    const valid = readFileSync(runFile, "utf8");
    const body = valid.slice(65);
    const sum = (text: string) => createHash("sha256").update(text).digest("hex");
    const edited = body.replace('"findings":[', '"findings":[{"ruleId":"x","severity":"error","message":"planted","file":"a","line":1,"column":1},');
    const foreign = body.replace(/"coldstart":"[^"]+"/, '"coldstart":"0.0.1+other"');
    const shapeless = JSON.stringify({ ...JSON.parse(body), value: { files: 1 } });
    const damaged = [
      valid.slice(0, valid.length / 2), // truncated
      "\u0000".repeat(100), // garbage
      `${valid.slice(0, 65)}${edited}`, // edited, old checksum
      `${sum(foreign)}\n${foreign}`, // another build's
      `${sum(shapeless)}\n${shapeless}`, // well-formed, wrong shape
      "",
    ];
    for (const text of damaged) {
      writeFileSync(runFile, text);
      for (const kind of ["bundle", "file"]) for (const entry of readdirSync(path.join(at, kind))) writeFileSync(path.join(at, kind, entry), text);
      const again = await report(root, { cache: { dir: at } });
      expect(again.hit).toBe(false);
      expect(again.text).toBe(fresh.text);
      expect(readFileSync(runFile, "utf8").slice(65)).not.toBe(text.slice(65));
    }
    // An entry that is a link (to a pipe, to a file elsewhere) is not followed.
    rmSync(runFile);
    const elsewhere = path.join(cacheDir(), "planted.json");
    writeFileSync(elsewhere, valid.replace(/"message":"[^"]*"/, '"message":"planted"'));
    symlinkSync(elsewhere, runFile);
    const linked = await report(root, { cache: { dir: at } });
    expect(linked.hit).toBe(false);
    expect(linked.text).toBe(fresh.text);
  });

  it("keeps its cache in the user's cache folder by default, never in the project, and nothing with --no-cache", async () => {
    const root = project(NEXT_APP);
    const home = defaultCacheDir(realpathSync(root))!;
    expect(home.startsWith(realpathSync(root))).toBe(false);
    const bare = await cli(["audit", root, "--format", "json", "--no-cache"]);
    expect(bare.exitCode, String(bare.stderr)).toBe(0);
    expect(existsSync(home)).toBe(false);
    const cached = await cli(["audit", root, "--format", "json"]);
    expect(readdirSync(home).sort()).toEqual(["bundle", "file", "run"]);
    expect(existsSync(path.join(root, "node_modules"))).toBe(false);
    const again = await cli(["audit", root, "--format", "json"]);
    const strip = (text: unknown) => String(text).replace(/"durationMs": \d+/, "");
    expect(strip(cached.stdout)).toBe(strip(bare.stdout));
    expect(strip(again.stdout)).toBe(strip(bare.stdout));
  });

  it("never reads a cache committed into the project: a forged entry with a valid checksum is not used by default", async () => {
    const root = project({ ...NEXT_APP, "lib/prices.ts": "export const price = async (n: number) => (await fetch('https://prices.example.com/' + n)).json();\n" });
    const planted = path.join(root, "node_modules/.cache/coldstart");
    // What a pull request could commit: entries written for this very tree, then edited to report nothing.
    const honest = await cli(["audit", root, "--format", "json", "--cache-dir", planted]);
    expect(JSON.parse(String(honest.stdout)).findings.length).toBeGreaterThan(0);
    for (const file of readdirSync(path.join(planted, "run"))) {
      const text = readFileSync(path.join(planted, "run", file), "utf8");
      const body = JSON.parse(text.slice(text.indexOf("\n") + 1)) as { value: { result: { findings: unknown[] } } };
      body.value.result.findings = [];
      const forged = JSON.stringify(body);
      writeFileSync(path.join(planted, "run", file), `${createHash("sha256").update(forged).digest("hex")}\n${forged}`);
    }
    // Given that folder on purpose, coldstart takes the entry (it cannot tell a forgery from its own)...
    const trusted = await cli(["audit", root, "--format", "json", "--cache-dir", planted]);
    expect(JSON.parse(String(trusted.stdout)).findings).toEqual([]);
    // ...which is why it never looks there unless told to.
    const run = await cli(["audit", root, "--format", "json"]);
    expect(JSON.parse(String(run.stdout)).findings).toEqual(JSON.parse(String(honest.stdout)).findings);
  });

  it("neither reads nor writes a --cache-dir inside the project that links out of it", async () => {
    for (const link of ["node_modules", "node_modules/.cache/coldstart"]) {
      const root = project(NEXT_APP);
      const outside = cacheDir();
      mkdirSync(path.dirname(path.join(root, link)), { recursive: true });
      symlinkSync(outside, path.join(root, link));
      const run = await cli(["audit", root, "--format", "json", "--verbose", "--cache-dir", path.join(root, "node_modules/.cache/coldstart")]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      expect(String(run.stderr)).toMatch(/no cache: .* leads outside the project through a symbolic link/);
      expect(readdirSync(outside)).toEqual([]);
    }
  });

  it("audits in full, and says so once with --verbose, when the cache folder cannot be written", async () => {
    const root = project(NEXT_APP);
    // A file where the folder would be: as a read-only folder, every write fails.
    const blocked = path.join(cacheDir(), "not-a-folder");
    writeFileSync(blocked, "not a folder\n");
    const quiet = await cli(["audit", root, "--format", "json", "--cache-dir", blocked]);
    expect(quiet.exitCode).toBe(0);
    expect(String(quiet.stderr)).toBe("");
    const verbose = await cli(["audit", root, "--format", "json", "--verbose", "--cache-dir", blocked]);
    expect(String(verbose.stderr).match(/no cache written/g)).toHaveLength(1);
    expect(JSON.parse(String(verbose.stdout)).functions).toHaveLength(3);
  });

  it("stores findings as reported: secrets masked", async () => {
    const key = ["sk", "live", "51HqLyjWDarjtT1zdp7dcXg8s2mKh3Fw9vR4aTbQe"].join("_");
    const root = project({ ...NEXT_APP, "lib/prices.ts": `const stripeKey = "${key}";\nexport const price = (n: number) => n * 2 + stripeKey.length;\n` });
    const at = cacheDir();
    const fresh = await report(root, { cache: { dir: at } });
    expect(fresh.result!.findings.some((f) => f.ruleId === "secrets/hardcoded")).toBe(true);
    for (const kind of ["run", "bundle", "file"]) {
      for (const file of readdirSync(path.join(at, kind))) expect(readFileSync(path.join(at, kind, file), "utf8")).not.toContain(key);
    }
  });
});

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { fileFacts } from "../../../src/audit/cache/files.js";
import { FileCache } from "../../../src/audit/context.js";
import { openCache } from "../../../src/audit/cache/store.js";
import { repoRoot } from "../../e2e/_helpers.js";
import { cacheDir, report } from "./_audit.js";

/** A prescan that counts its tests: the facts cache keys patterns by source and flags, so it stands in for the plain one. */
function counting(source: string): RegExp & { tests: number } {
  const re = Object.assign(new RegExp(source), { tests: 0 });
  const test = re.test.bind(re);
  re.test = (text: string) => {
    re.tests++;
    return test(text);
  };
  return re;
}

function store(dir: string) {
  return openCache(dir, { dir })!;
}

/** The one file-facts entry of a cache folder. */
function entryFile(dir: string): string {
  const folder = path.join(dir, "file");
  const files = readdirSync(folder);
  expect(files).toHaveLength(1);
  return path.join(folder, files[0]!);
}

describe("per-file facts between runs", () => {
  it("tests an unchanged text once across runs, an edited one again, and forgets texts no run looks at", () => {
    const dir = cacheDir();
    const first = fileFacts(store(dir));
    const fetches = counting("\\bfetch\\b");
    expect(first.matches("await fetch(url)", fetches)).toBe(true);
    expect(first.matches("const a = 1;", fetches)).toBe(false);
    first.save();
    expect(fetches.tests).toBe(2);

    const second = fileFacts(store(dir));
    const again = counting("\\bfetch\\b");
    const secrets = counting("sk_live_");
    expect(second.matches("await fetch(url)", again)).toBe(true);
    expect(second.matches("const a = 1;", again)).toBe(false);
    expect(again.tests).toBe(0);
    // A pattern no earlier run tested this text with is tested, and kept beside the other's answer.
    expect(second.matches("await fetch(url)", secrets)).toBe(false);
    expect(secrets.tests).toBe(1);
    // The edited text is new: tested.
    expect(second.matches("const a = 2; fetch(x)", again)).toBe(true);
    expect(again.tests).toBe(1);
    second.save();

    const stored = JSON.parse(readFileSync(entryFile(dir), "utf8").split("\n")[1]!) as { value: { patterns: string[]; texts: Record<string, string> } };
    const hash = (text: string) => createHash("sha256").update(text).digest("hex");
    expect(stored.value.patterns).toEqual(["/\\bfetch\\b/", "/sk_live_/"]);
    expect(stored.value.texts).toEqual({ [hash("await fetch(url)")]: "10", [hash("const a = 1;")]: "0", [hash("const a = 2; fetch(x)")]: "1" });

    // A run that looked at one text keeps that text only.
    const third = fileFacts(store(dir));
    third.matches("const a = 1;", counting("\\bfetch\\b"));
    third.save();
    const kept = JSON.parse(readFileSync(entryFile(dir), "utf8").split("\n")[1]!) as { value: { texts: Record<string, string> } };
    expect(Object.keys(kept.value.texts)).toEqual([hash("const a = 1;")]);
  });

  it("ignores an entry that is corrupt, edited, of another build, or of the wrong shape, and replaces it", () => {
    const dir = cacheDir();
    const first = fileFacts(store(dir));
    first.matches("await fetch(url)", /\bfetch\b/);
    first.save();
    const file = entryFile(dir);
    const valid = readFileSync(file, "utf8");
    const body = valid.slice(65);
    const sum = (text: string) => createHash("sha256").update(text).digest("hex");
    // Each says the text does not match: a trusted one would hide the rule's findings.
    const lie = body.replace(/"10?"/, '"0"');
    expect(lie).not.toBe(body);
    const foreign = lie.replace(/"coldstart":"[^"]+"/, '"coldstart":"0.0.1+other"');
    const badHash = JSON.stringify({ ...JSON.parse(lie), value: { patterns: ["/\\bfetch\\b/"], texts: { "not-a-hash": "0" } } });
    const badAnswer = lie.replace(/:"0"/, ':"no"');
    const damaged = [
      valid.slice(0, valid.length / 2),
      "\u0000".repeat(100),
      `${valid.slice(0, 65)}${lie}`,
      `${sum(foreign)}\n${foreign}`,
      `${sum(badHash)}\n${badHash}`,
      `${sum(badAnswer)}\n${badAnswer}`,
      "",
    ];
    for (const text of damaged) {
      writeFileSync(file, text);
      const facts = fileFacts(store(dir));
      const fetches = counting("\\bfetch\\b");
      expect(facts.matches("await fetch(url)", fetches)).toBe(true);
      expect(fetches.tests).toBe(1);
      facts.save();
      expect(readFileSync(file, "utf8")).toBe(valid);
    }
  });
});

// Fixture projects audited with a full cache after one file was edited: the report is byte-identical
// to an uncached audit of the edited project (only summary.durationMs, the time of each run, is left out).
const EDITED = ["projects/next-shop-edge-crypto-and-prisma-per-request", "projects/sam-orders-nodejs18-sdk-v2-sqs-consumer", "projects/workers-api-old-compat-date-buffer-and-pg", "examples/storefront"];

describe("an audit after a one-file edit", { timeout: 600_000 }, () => {
  it.each(EDITED)("%s: reports what an uncached audit reports", async (name) => {
    const root = mkdtempSync(path.join(tmpdir(), "coldstart-edited-"));
    cpSync(path.join(repoRoot, "fixtures", name), root, { recursive: true });
    const at = cacheDir();
    const fresh = await report(root, { cache: { dir: at } });
    expect(fresh.result?.functions.length).toBeGreaterThan(0);
    const entry = path.join(root, fresh.result!.functions[0]!.entry);
    const original = readFileSync(entry, "utf8");
    // Words every prescan looks for, in a comment: the checks read the file, and find what an uncached run finds.
    const edits = [
      `${original}\n// edited: fetch axios prisma "pg" sk-test eval require("fs") batchItemFailures aws-sdk\n`,
      original.replace(/\n/, "\n\n"),
      original,
    ];
    for (const text of edits) {
      writeFileSync(entry, text);
      const cached = await report(root, { cache: { dir: at } });
      // The whole-run entry was replaced by the edited project's: even the original text is audited again.
      expect(cached.hit).toBe(false);
      expect(cached.text).toBe((await report(root)).text);
    }
  });
});

/** Records every file a tree is made for while `run` runs: FileCache's parse (ast and warm) or sourceFile (ts-morph's wrappers). */
async function parsedDuring(root: string, run: () => Promise<void>): Promise<string[]> {
  const parsed: string[] = [];
  const proto = FileCache.prototype as unknown as Record<"parse" | "sourceFile", (abs: string, ...rest: unknown[]) => unknown>;
  const spies = (["parse", "sourceFile"] as const).map((method) => {
    const original = proto[method];
    return vi.spyOn(proto, method).mockImplementation(function (this: FileCache, abs: string, ...rest: unknown[]) {
      parsed.push(path.relative(root, abs).split(path.sep).join("/"));
      return original.call(this, abs, ...rest);
    });
  });
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return parsed;
}

function writer(root: string) {
  return (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
}

describe("a run after a one-file edit parses", { timeout: 120_000 }, () => {
  it("the edited file, not the unchanged ones", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "coldstart-parsed-"));
    const write = writer(root);
    write("package.json", JSON.stringify({ name: "shop", dependencies: { next: "15.5.4" } }));
    write("lib/prices.ts", "export const price = (n: number) => n * 2;\n");
    // An installed package of about 190 KB is heavy by its bundled size (not by coldstart's table, which other
    // rules' prescans match). Each route quotes it, so bundle/eager-import parses each for the packages it
    // binds at its top level: none here (the import is lazy already), a fact kept in the cache.
    write("node_modules/big-tables/package.json", JSON.stringify({ name: "big-tables", version: "1.0.0", main: "index.js" }));
    write("node_modules/big-tables/index.js", `exports.rows = [${Array.from({ length: 24_000 }, (_, k) => `"r${k}"`).join(",")}];\n`);
    const route = (i: number) =>
      `import { price } from "../../../lib/prices";\nexport async function GET() {\n  const { rows } = await import("big-tables");\n  return Response.json({ total: price(${i}), row: rows[${i}] });\n}\n`;
    for (let i = 0; i < 4; i++) write(`app/api/r${i}/route.ts`, route(i));
    const at = cacheDir();
    const first = await parsedDuring(root, async () => void (await report(root, { cache: { dir: at } })));
    expect(first.filter((f) => f.startsWith("app/")).sort()).toEqual([0, 1, 2, 3].map((i) => `app/api/r${i}/route.ts`));
    write("app/api/r2/route.ts", `${route(2)}// edited\n`);
    let edited: Awaited<ReturnType<typeof report>> | undefined;
    const second = await parsedDuring(root, async () => void (edited = await report(root, { cache: { dir: at } })));
    expect(edited!.hit).toBe(false);
    expect(second.filter((f) => f.startsWith("app/"))).toEqual(["app/api/r2/route.ts"]);
    expect(edited!.text).toBe((await report(root)).text);
  });
});

describe("an audit parses", { timeout: 120_000 }, () => {
  it("only the files some check reads: a route no prescan matches and that quotes no heavy package is never parsed", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "coldstart-parsed-"));
    const write = writer(root);
    write("package.json", JSON.stringify({ name: "shop", dependencies: { next: "15.5.4" } }));
    write("app/api/plain/route.ts", 'import { NextResponse } from "next/server";\nexport async function GET(request: Request) {\n  return NextResponse.json({ q: new URL(request.url).searchParams.get("q") });\n}\n');
    // An edge route importing node:fs (edge/node-builtin's prescan), and one calling fetch without a timeout (timeout/fetch-no-signal's).
    write("app/api/files/route.ts", 'import { readFileSync } from "node:fs";\nexport const runtime = "edge";\nexport function GET() {\n  return new Response(readFileSync("x"));\n}\n');
    write("app/api/rates/route.ts", 'export async function GET() {\n  return new Response(await (await fetch("https://rates.example")).text());\n}\n');
    let result: Awaited<ReturnType<typeof report>> | undefined;
    const parsed = await parsedDuring(root, async () => void (result = await report(root)));
    expect(parsed.filter((f) => f.startsWith("app/")).sort()).toEqual(["app/api/files/route.ts", "app/api/rates/route.ts"]);
    // And the checks still find what they find in the parsed routes.
    expect(result!.text).toContain("edge/node-builtin");
    expect(result!.text).toContain("timeout/fetch-no-signal");
  });
});

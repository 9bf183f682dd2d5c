import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSegmentConfig, scanSegmentConfig } from "../../../src/project/readers/next/segment-config.js";

const HANDLER = "export async function GET(request: Request) {\n  return Response.json({ ok: true });\n}\n";

/** Files the text scan must decide, with what the parse reads from them. */
const decided: Array<[string, string]> = [
  ["edge, semicolon", `import { x } from "@/lib/x";\nexport const runtime = "edge";\n${HANDLER}`],
  ["nodejs, no semicolon, next statement", `export const runtime = 'nodejs'\nexport const maxDuration = 60\n${HANDLER}`],
  ["as const and a comment after", `// settings\nexport const runtime = "edge" as const; // fast\n${HANDLER}`],
  ["regions list, trailing comma", `export const preferredRegion = ["fra1", 'cdg1',];\n${HANDLER}`],
  ["one region", `export const preferredRegion = "iad1";\n${HANDLER}`],
  ["empty list", `export const preferredRegion = [];\n${HANDLER}`],
  ["zero", `export const maxDuration = 0;\n${HANDLER}`],
  ["at the end of the file, no semicolon", `${HANDLER}export const maxDuration = 300`],
  ["names in comments, strings and templates", `/* export const runtime = "node" */\n// runtime = x\nconst s = "runtime maxDuration config";\nconst t = \`config \${({ runtime: 1 }).runtime} \${"}"}\`;\nexport const runtime = "edge";\n${HANDLER}`],
  ["names nested in functions", `export const maxDuration = 10;\nexport function GET() {\n  const config = { runtime: "edge" };\n  return Response.json(config);\n}\n`],
  ["later declaration wins", `export const runtime = "edge";\nexport const runtime = "nodejs";\n${HANDLER}`],
  ["CRLF line ends", `import { x } from "x";\r\nexport const runtime = "edge";\r\n${HANDLER}`],
  ["a hashbang", `#!/usr/bin/env node\nexport const runtime = "edge";\n${HANDLER}`],
  ["names only inside brackets", `import { runtime } from "./settings";\nconsole.log(runtime);\n${HANDLER}`],
  ["none of the names", `export const dynamic = "force-dynamic";\n${HANDLER}`],
];

/** Files the text scan must leave to the parse (undefined). */
const undecided: Array<[string, string, string]> = [
  ["a config object", "route.ts", `export const config = { runtime: "edge" };\n${HANDLER}`],
  ["a computed value", "route.ts", `export const maxDuration = 5 * 60;\n${HANDLER}`],
  ["continued on the next line", "route.ts", `export const maxDuration = 5\n  * 60;\n${HANDLER}`],
  ["continued by a call", "route.ts", `export const runtime = "edge"\n(globalThis as any).x = 1;\n${HANDLER}`],
  ["a type annotation", "route.ts", `export const runtime: string = "edge";\n${HANDLER}`],
  ["an escape in the string", "route.ts", `export const runtime = "ed\\u0067e";\n${HANDLER}`],
  ["a regular expression", "route.ts", `const re = /"/;\nexport const runtime = "edge";\n${HANDLER}`],
  ["JSX", "route.tsx", `export const runtime = "edge";\nexport default () => <p>it's</p>;\n`],
  ["two declarators", "route.ts", `export const runtime = "edge", maxDuration = 5;\n${HANDLER}`],
  ["indented", "route.ts", `  export const runtime = "edge";\n${HANDLER}`],
  ["an unclosed block", "route.ts", `function f() {\nexport const runtime = "edge";\n`],
  ["an unterminated comment", "route.ts", `/* export\nexport const runtime = "edge";\n`],
  ["a name used at the top level", "route.ts", `import runtime from "./settings";\nruntime.start();\n${HANDLER}`],
  ["a lone CR", "route.ts", `export const runtime = "edge";\r${HANDLER}`],
  ["a string number", "route.ts", `export const maxDuration = "10";\n${HANDLER}`],
];

describe("scanSegmentConfig (reading segment config without TypeScript)", () => {
  it.each(decided)("decides %s as the parse does", async (_name, text) => {
    const scanned = scanSegmentConfig("route.ts", text);
    expect(scanned).toBeDefined();
    expect(scanned).toEqual(await parseSegmentConfig("route.ts", text));
  });

  it.each(undecided)("leaves %s to the parse", (_name, file, text) => {
    expect(scanSegmentConfig(file, text)).toBeUndefined();
  });

  it("agrees with the parse on every script in the fixtures it decides", async () => {
    const root = path.resolve(import.meta.dirname, "../../../fixtures");
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? (d.name === "node_modules" ? [] : walk(path.join(dir, d.name))) : /\.[cm]?[jt]sx?$/.test(d.name) ? [path.join(dir, d.name)] : [],
      );
    let compared = 0;
    for (const file of walk(root)) {
      const text = readFileSync(file, "utf8");
      const scanned = scanSegmentConfig(file, text);
      if (!scanned) continue;
      compared++;
      expect({ file, config: scanned }).toEqual({ file, config: await parseSegmentConfig(file, text) });
    }
    expect(compared).toBeGreaterThan(100);
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditEveryWay, expectContained, plantCase, plantFakeTools, SPAWN_MARKER } from "./_hostile.js";

const MODULE_MARKER = "module-loaded";

describe("audit runs nothing of the project's", { timeout: 120_000 }, () => {
  it("starts no tool from PATH or node_modules/.bin and loads no package from the project's node_modules", async () => {
    const planted = plantCase("tools-that-must-not-run");
    const fakeBin = plantFakeTools(planted);
    // Packages of the same names as coldstart's own, which would run on load if coldstart took them.
    for (const name of ["esbuild", "typescript", "ts-morph"]) {
      const dir = path.join(planted.project, "node_modules", name);
      mkdirSync(dir, { recursive: true });
      const marker = path.join(planted.base, `${MODULE_MARKER}-${name}`);
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "99.0.0", main: "index.js" }));
      writeFileSync(path.join(dir, "index.js"), `require("fs").writeFileSync(${JSON.stringify(marker)}, "");\n`);
    }
    const result = await auditEveryWay(planted, [], { env: { PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ""}` } });
    expectContained(result);
    const spawned = path.join(planted.base, SPAWN_MARKER);
    expect(existsSync(spawned) ? readFileSync(spawned, "utf8") : "", "a tool was started").toBe("");
    for (const name of ["esbuild", "typescript", "ts-morph"]) expect(existsSync(path.join(planted.base, `${MODULE_MARKER}-${name}`)), name).toBe(false);
    expect(existsSync(path.join(planted.project, "prepared")) || existsSync(path.join(planted.project, "built"))).toBe(false);
    // The audit did its work: the Worker was bundled and judged.
    const report = JSON.parse(result.written["report.json"]!) as { functions: Array<{ bundle: unknown }>; findings: Array<{ ruleId: string }> };
    expect(report.functions[0]!.bundle).not.toBeNull();
    expect(report.findings.map((f) => f.ruleId)).toContain("edge/node-builtin");
  });
});

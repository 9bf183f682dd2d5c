import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { dateOfVersion } from "../../../src/project/readers/workers/workerd.js";

function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-workerd-"));
  mkdirSync(path.join(dir, ".git")); // stop the upward search here
  mkdirSync(path.join(dir, "src"));
  writeFileSync(path.join(dir, "src/index.ts"), "export default {};\n");
  writeFileSync(path.join(dir, "wrangler.jsonc"), '{ "main": "src/index.ts", "compatibility_date": "2025-09-01" }\n');
  return dir;
}

function writePackage(dir: string, name: string, manifest: object): void {
  mkdirSync(path.join(dir, "node_modules", name), { recursive: true });
  writeFileSync(path.join(dir, "node_modules", name, "package.json"), JSON.stringify(manifest));
}

describe("workerdMaxDate", () => {
  it("parses workerd versions", () => {
    expect(dateOfVersion("1.20250815.0")).toBe("2025-08-15");
    expect(dateOfVersion("1.20260301.1")).toBe("2026-03-01");
    expect(dateOfVersion("^4.0.0")).toBeUndefined();
    expect(dateOfVersion(undefined)).toBeUndefined();
  });

  it("prefers the installed workerd over wrangler's pinned one", async () => {
    const dir = project();
    writePackage(dir, "workerd", { name: "workerd", version: "1.20251001.0" });
    writePackage(dir, "wrangler", { name: "wrangler", dependencies: { workerd: "1.20250901.0" } });
    const [fn] = (await discoverProject(dir)).functions;
    expect(fn?.workers?.workerdMaxDate).toBe("2025-10-01");
  });

  it("falls back to the workerd wrangler pins, and to nothing", async () => {
    const dir = project();
    expect((await discoverProject(dir)).functions[0]?.workers?.workerdMaxDate).toBeUndefined();
    writePackage(dir, "wrangler", { name: "wrangler", dependencies: { workerd: "1.20250901.0" } });
    expect((await discoverProject(dir)).functions[0]?.workers?.workerdMaxDate).toBe("2025-09-01");
  });

  it("finds a workerd hoisted to the workspace root", async () => {
    const dir = project();
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ workspaces: ["apps/*"] }));
    mkdirSync(path.join(dir, "apps/api/src"), { recursive: true });
    writeFileSync(path.join(dir, "apps/api/package.json"), "{}");
    writeFileSync(path.join(dir, "apps/api/wrangler.toml"), 'main = "src/index.ts"\n');
    writeFileSync(path.join(dir, "apps/api/src/index.ts"), "export default {};\n");
    writePackage(dir, "workerd", { version: "1.20260110.0" });
    const project2 = await discoverProject(path.join(dir, "apps/api"));
    expect(project2.functions[0]?.workers?.workerdMaxDate).toBe("2026-01-10");
  });
});

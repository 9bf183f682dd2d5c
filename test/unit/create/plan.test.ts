import { statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planFiles, render } from "../../../src/scaffold/plan.js";
import { MANIFEST } from "../../../src/scaffold/registry.js";
import { fixtureTemplates } from "./_helpers.js";

describe("file plan", () => {
  it("lists every template file under its output name, sorted, with placeholders replaced", async () => {
    const files = await planFiles(path.join(fixtureTemplates, "lambda"), { name: "orders", memory: "1024", timeout: "20", visibilityTimeout: "120" }, { skip: MANIFEST });
    expect(files.map((file) => file.path)).toEqual([".gitignore", "package.json", "scripts/smoke.sh", "template.yaml"]);
    const yaml = files.find((file) => file.path === "template.yaml")?.contents.toString();
    expect(yaml).toContain("MemorySize: 1024");
    expect(yaml).toContain("Timeout: 20");
    expect(yaml).toContain("VisibilityTimeout: 120");
  });

  it("applies a manifest's renames and copies, and leaves the manifest out", async () => {
    const files = await planFiles(path.join(fixtureTemplates, "workers"), { name: "edge" }, { skip: MANIFEST, rename: { "src/index.ts": "src/worker.ts" }, copy: { ".env.example": ".env" } });
    const paths = files.map((file) => file.path);
    expect(paths).toContain("src/worker.ts");
    expect(paths).not.toContain("src/index.ts");
    expect(paths).not.toContain(MANIFEST);
    const env = files.find((file) => file.path === ".env");
    expect(env?.contents.toString()).toBe(files.find((file) => file.path === ".env.example")?.contents.toString());
  });

  it("keeps the executable bit", async () => {
    const files = await planFiles(path.join(fixtureTemplates, "lambda"), { name: "x" });
    const script = files.find((file) => file.path === "scripts/smoke.sh");
    expect(script?.mode).toBe(statSync(path.join(fixtureTemplates, "lambda/scripts/smoke.sh")).mode & 0o777);
    expect((script?.mode ?? 0) & 0o100).toBe(0o100);
  });

  it("leaves unknown placeholders and binary files alone", () => {
    expect(render(Buffer.from("{{name}} {{other}} {{ name }}"), { name: "api" }).toString()).toBe("api {{other}} {{ name }}");
    const binary = Buffer.from([0x89, 0x50, 0x00, ...Buffer.from("{{name}}")]);
    expect(render(binary, { name: "api" })).toBe(binary);
  });
});

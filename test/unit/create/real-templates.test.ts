import { parse as parseJsonc } from "jsonc-parser";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { defaultTemplate } from "../../../src/scaffold/registry.js";
import { TARGETS, templatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, snapshot, tempDir } from "./_helpers.js";

const PLACEHOLDER = /\{\{(name|coldstartVersion|memory|timeout|visibilityTimeout|limits)\}\}/;

/** SAM's short-form tags (!Ref, !Sub, !GetAtt) are plain values for these checks. */
function readSam(file: string): { Globals: { Function: { Timeout: number; MemorySize: number } } } {
  const customTags = ["Ref", "Sub", "GetAtt", "If", "Equals", "Not", "Select", "Join", "FindInMap", "ImportValue", "Split", "Base64", "GetAZs", "And", "Or", "Condition"].flatMap((tag) =>
    [
      { tag: `!${tag}`, resolve: (value: unknown) => value },
      { tag: `!${tag}`, collection: "seq", resolve: (value: unknown) => value },
      { tag: `!${tag}`, collection: "map", resolve: (value: unknown) => value },
    ] as never[],
  );
  return parseYaml(readFileSync(file, "utf8"), { customTags }) as never;
}

describe.each(TARGETS)("the real %s template", (target) => {
  it("scaffolds with every placeholder replaced and the manifest's scripts present", async () => {
    const cwd = tempDir(`real-${target}`);
    const flags = target === "workers" ? ["--cpu-ms", "75"] : ["--memory", "1536", "--timeout", "20"];
    const { code, stderr } = await create(["svc-one", "--target", target, "--no-install", "--no-git", ...flags], captureIo({ cwd }));
    expect(stderr).not.toContain("error");
    expect(code).toBe(0);
    const dir = path.join(cwd, "svc-one");
    const files = snapshot(dir);
    expect(Object.keys(files)).toContain(".gitignore");
    expect(Object.keys(files).filter((file) => file.endsWith("_gitignore"))).toEqual([]);
    for (const file of Object.keys(files)) {
      expect(readFileSync(path.join(dir, file), "utf8"), file).not.toMatch(PLACEHOLDER);
    }
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.name).toBe("svc-one");
    expect(pkg.devDependencies.coldstart).toBe(JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).version);
    for (const step of defaultTemplate(templatesRoot(), target).steps) {
      if ("script" in step.command) expect(Object.keys(pkg.scripts), step.label).toContain(step.command.script);
    }

    if (target === "workers") {
      const wrangler = parseJsonc(readFileSync(path.join(dir, "wrangler.jsonc"), "utf8"));
      expect(wrangler.name).toBe("svc-one");
      expect(wrangler.limits).toEqual({ cpu_ms: 75 });
    }
    if (target === "vercel") {
      const vercel = JSON.parse(readFileSync(path.join(dir, "vercel.json"), "utf8"));
      expect(Object.values(vercel.functions)).toContainEqual(expect.objectContaining({ maxDuration: 20, memory: 1536 }));
    }
    if (target === "lambda") {
      const sam = readSam(path.join(dir, "template.yaml"));
      expect(sam.Globals.Function).toMatchObject({ Timeout: 20, MemorySize: 1536 });
      expect(readFileSync(path.join(dir, "template.yaml"), "utf8")).toContain("VisibilityTimeout: 120");
      // `npm run invoke` reads .env: written on create, so the README's examples run at once (offline, ORDERS_QUEUE_URL=local).
      expect(readFileSync(path.join(dir, ".env"), "utf8")).toBe(readFileSync(path.join(dir, ".env.example"), "utf8"));
      expect(readFileSync(path.join(dir, ".env"), "utf8")).toMatch(/^ORDERS_QUEUE_URL=local$/m);
    }
  });

  it.runIf(target === "workers")("keeps the CPU limit as a comment without --cpu-ms, and the file still parses", async () => {
    const cwd = tempDir("real-workers");
    const { code } = await create(["edge", "--target", "workers", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(code).toBe(0);
    const text = readFileSync(path.join(cwd, "edge/wrangler.jsonc"), "utf8");
    expect(text).toContain('// "limits": { "cpu_ms": 50 }');
    const errors: unknown[] = [];
    const wrangler = parseJsonc(text, errors as never);
    expect(errors).toEqual([]);
    expect(wrangler.limits).toBeUndefined();
  });
});

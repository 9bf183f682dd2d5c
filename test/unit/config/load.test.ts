import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, loadConfigWithSource } from "../../../src/config/load.js";
import { ConfigError } from "../../../src/errors.js";

const known = ["edge/node-builtin", "workers/compat-config", "lambda/default-memory", "config-error"];

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function errorOf(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("returns defaults when there is no config", async () => {
    expect(await loadConfigWithSource(project({}), undefined, { knownRuleIds: known })).toEqual({ config: {}, source: undefined });
  });

  it("reads coldstart.config.json with comments and trailing commas", async () => {
    const dir = project({
      "coldstart.config.json": `{
        // turn one rule down
        "$schema": "./node_modules/coldstart/schema/coldstart.schema.json",
        "rules": { "edge/node-builtin": "warning", "lambda/default-memory": "off", },
        "ignore": ["scripts/**", "**/*.test.ts"],
        "workers": { "plan": "paid" },
        "vercel": { "plan": "pro" },
        "lambda": { "apiGatewayTimeout": 29 },
        "bundle": { "budgetKb": 512 },
        "cost": { "defaults": { "invocations": 1000000 } },
      }`,
    });
    const loaded = await loadConfigWithSource(dir, undefined, { knownRuleIds: known });
    expect(loaded.source).toBe("coldstart.config.json");
    expect(loaded.config.rules).toEqual({ "edge/node-builtin": "warning", "lambda/default-memory": "off" });
    expect(loaded.config.workers?.plan).toBe("paid");
    expect(loaded.config.bundle?.budgetKb).toBe(512);
    expect(loaded.config.cost?.defaults?.invocations).toBe(1_000_000);
  });

  it("falls back to package.json#coldstart, and prefers coldstart.config.json", async () => {
    const pkg = JSON.stringify({ name: "x", coldstart: { rules: { "config-error": "warning" } } });
    expect((await loadConfigWithSource(project({ "package.json": pkg }), undefined, { knownRuleIds: known })).source).toBe(
      "package.json#coldstart",
    );
    const both = project({ "package.json": pkg, "coldstart.config.json": "{}" });
    expect(await loadConfigWithSource(both, undefined, { knownRuleIds: known })).toEqual({ config: {}, source: "coldstart.config.json" });
  });

  it("accepts the object form of a rule setting with options", async () => {
    const dir = project({ "coldstart.config.json": JSON.stringify({ rules: { "edge/node-builtin": { severity: "info", allow: ["crypto"] } } }) });
    const config = await loadConfig(dir, undefined, { knownRuleIds: known });
    expect(config.rules?.["edge/node-builtin"]).toEqual({ severity: "info", allow: ["crypto"] });
  });

  it("reads an explicit path relative to cwd, and reports a missing one", async () => {
    const cwd = project({ "ci.json": JSON.stringify({ vercel: { plan: "hobby" } }) });
    const root = project({ "coldstart.config.json": JSON.stringify({ vercel: { plan: "pro" } }) });
    expect(await loadConfig(root, "ci.json", { knownRuleIds: known, cwd })).toEqual({ vercel: { plan: "hobby" } });
    expect((await errorOf(loadConfig(root, "nope.json", { knownRuleIds: known, cwd }))).message).toBe("nope.json: config file not found");
    const pkg = project({ "package.json": JSON.stringify({ coldstart: { workers: { plan: "free" } } }) });
    expect(await loadConfigWithSource(root, "package.json", { knownRuleIds: known, cwd: pkg })).toEqual({
      config: { workers: { plan: "free" } },
      source: "package.json#coldstart",
    });
    const bare = project({ "package.json": JSON.stringify({ name: "x" }) });
    expect((await errorOf(loadConfig(root, "package.json", { knownRuleIds: known, cwd: bare }))).message).toBe('package.json: has no "coldstart" key');
  });

  it.each([
    [{ rules: { "edge/node-builtin": "loud" } }, "coldstart.config.json: rules.edge/node-builtin: expected one of error, warning, info, off, or an object with \"severity\" and rule options"],
    [{ workers: { plan: "enterprise" } }, "coldstart.config.json: workers.plan: expected one of free, paid"],
    [{ vercel: { plan: "team" } }, "coldstart.config.json: vercel.plan: expected one of hobby, pro"],
    [{ bundle: { budgetKb: -1 } }, "coldstart.config.json: bundle.budgetKb: Too small: expected number to be >0"],
    [{ ignore: "dist" }, "coldstart.config.json: ignore: expected array, received string"],
    [{ colour: true }, 'coldstart.config.json: (top level): unknown key "colour"'],
    [{ lambda: { apiGatewayTimeout: 29, region: "x" } }, 'coldstart.config.json: lambda: unknown key "region"'],
    [{ cost: { defaults: { coldStartRate: 2 } } }, "coldstart.config.json: cost.defaults.coldStartRate: 2 is above the maximum (0-1: a share of invocations)"],
  ])("rejects %j with one line", async (raw, message) => {
    const error = await errorOf(loadConfig(project({ "coldstart.config.json": JSON.stringify(raw) }), undefined, { knownRuleIds: known }));
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("\n");
    expect(error.exitCode).toBe(2);
  });

  it("counts further issues without printing them", async () => {
    const raw = { workers: { plan: "x" }, vercel: { plan: "y" } };
    const error = await errorOf(loadConfig(project({ "coldstart.config.json": JSON.stringify(raw) }), undefined, { knownRuleIds: known }));
    expect(error.message).toBe("coldstart.config.json: workers.plan: expected one of free, paid (and 1 more)");
  });

  it("reports broken JSON with its position", async () => {
    const error = await errorOf(loadConfig(project({ "coldstart.config.json": '{\n  "rules": {\n    "a" "b"\n  }\n}' }), undefined, { knownRuleIds: known }));
    expect(error.message).toMatch(/^coldstart\.config\.json:3:9: invalid JSON/);
  });

  it("refuses a config nested 20,000 deep or over 5 MB with one line, not a crash", async () => {
    const deep = `{"ignore": ${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
    const nested = await errorOf(loadConfig(project({ "coldstart.config.json": deep }), undefined, { knownRuleIds: known }));
    expect(nested.message).toMatch(/^coldstart\.config\.json nests collections more than 200 levels deep, .* Flatten the structure\.$/);
    const fromPackage = await errorOf(loadConfig(project({ "package.json": `{"coldstart": ${deep}}` }), undefined, { knownRuleIds: known }));
    expect(fromPackage.message).toMatch(/^package\.json nests collections more than 200 levels deep/);
    const big = await errorOf(loadConfig(project({ "coldstart.config.json": `{"ignore": []}${" ".repeat(5_000_001)}` }), undefined, { knownRuleIds: known }));
    expect(big.message).toMatch(/^coldstart\.config\.json is 5\.0 MB, over the 5\.0 MB coldstart reads from one config file/);
    for (const e of [nested, fromPackage, big]) expect(e.message).not.toContain("\n");
  });

  it("rejects an unknown rule id and suggests the closest one", async () => {
    const dir = project({ "coldstart.config.json": JSON.stringify({ rules: { "edge/node-bultin": "off" } }) });
    const error = await errorOf(loadConfig(dir, undefined, { knownRuleIds: known }));
    expect(error.message).toBe('coldstart.config.json: rules.edge/node-bultin: unknown rule id; did you mean "edge/node-builtin"?');
  });

  it.each([
    ["", "ignore[0]: an empty pattern matches nothing"],
    ["/abs/**", 'ignore[0]: "/abs/**" must be relative to the audited folder'],
    ["../other/**", 'ignore[0]: "../other/**" points outside the audited folder'],
    ["**", 'ignore[0]: "**" ignores every file'],
    ["src/{a,b/**", 'ignore[0]: "src/{a,b/**" has unbalanced braces'],
  ])("rejects the ignore pattern %j", async (glob, message) => {
    const dir = project({ "coldstart.config.json": JSON.stringify({ ignore: [glob] }) });
    expect((await errorOf(loadConfig(dir, undefined, { knownRuleIds: known }))).message).toBe(`coldstart.config.json: ${message}`);
  });

  it("knows the engine's own rule ids by default", async () => {
    const dir = project({ "coldstart.config.json": JSON.stringify({ rules: { "parse-error": "warning", "unused-suppression": "off" } }) });
    expect((await loadConfig(dir)).rules).toEqual({ "parse-error": "warning", "unused-suppression": "off" });
  });
});

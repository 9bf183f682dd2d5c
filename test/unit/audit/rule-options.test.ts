import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { ConfigError } from "../../../src/errors.js";
import { repoRoot } from "../../e2e/_helpers.js";

const root = path.join(repoRoot, "fixtures/projects/workers-api-old-compat-date-buffer-and-pg");
const audit = (rules: Record<string, unknown>) => runAudit({ root, config: { rules }, today: "2026-11-25" });

describe("rule options are typed", () => {
  it("a misspelt option is a config error naming the closest option", async () => {
    const run = audit({ "db/unpooled": { severity: "error", maxPoolsize: 3 } });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow('rules.db/unpooled: unknown key "maxPoolsize"; did you mean "maxPoolSize"?');
  });

  it("an option of the wrong type is an error, and a rule without options takes none", async () => {
    await expect(audit({ "bundle/eager-import": { thresholdKb: "big" } })).rejects.toThrow(/^rules\.bundle\/eager-import\.thresholdKb: expected number/);
    await expect(audit({ "timeout/fetch-no-signal": { timeoutMs: 5 } })).rejects.toThrow(/timeout\/fetch-no-signal takes no options/);
  });

  it("a valid option is used", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-options-"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "orders", dependencies: { pg: "8.13.0" } }));
    writeFileSync(path.join(dir, "serverless.yml"), "service: orders\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  list:\n    handler: handler.main\n");
    writeFileSync(path.join(dir, "handler.ts"), 'import { Pool } from "pg";\nconst pool = new Pool({ max: 10 });\nexport const main = async () => (await pool.query("select 1")).rows;\n');
    const pools = async (maxPoolSize: number) =>
      (await runAudit({ root: dir, config: { rules: { "db/unpooled": { maxPoolSize } } } })).findings.filter((f) => f.ruleId === "db/unpooled" && f.message.includes("`max: 10`"));
    expect(await pools(5)).toHaveLength(1);
    expect(await pools(20)).toHaveLength(0);
  });
});

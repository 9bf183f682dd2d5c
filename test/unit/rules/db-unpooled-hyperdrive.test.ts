import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/rules/db/unpooled/invalid");

describe("db/unpooled on Workers", { timeout: 60_000 }, () => {
  it("names a Hyperdrive binding the code reads but wrangler does not declare, and how to declare it", async () => {
    const result = await runAudit({ root: path.join(fixtures, "workers-hyperdrive-binding-not-declared"), today: "2026-11-25" });
    const [finding] = result.findings.filter((f) => f.ruleId === "db/unpooled");
    // Written for Hyperdrive, only the binding missing: not a direct connection, and said as an info.
    expect(finding!.severity).toBe("info");
    expect(finding!.message).toContain("reads `env.HYPERDRIVE.connectionString`, but wrangler.jsonc binds no Hyperdrive configuration as `HYPERDRIVE`: deployed like this, `env.HYPERDRIVE` is undefined and the code cannot connect.");
    expect(finding!.message).not.toContain("straight to the database");
    expect(finding!.fix?.description).toBe(
      'Instead, declare the Hyperdrive configuration in wrangler.jsonc (`"hyperdrive": [{ "binding": "HYPERDRIVE", "id": "..." }]`), so `env.HYPERDRIVE.connectionString` is Hyperdrive\'s pooled connection.',
    );
  });

  it("still calls an ordinary environment variable what it is", async () => {
    const result = await runAudit({ root: path.join(fixtures, "workers-pg-without-hyperdrive"), today: "2026-11-25" });
    const [finding] = result.findings.filter((f) => f.ruleId === "db/unpooled");
    expect(finding!.message).toContain("(its connection string comes from `env.DATABASE_URL`, not a Hyperdrive binding)");
  });
});

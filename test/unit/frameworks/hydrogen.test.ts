import { json } from "../../../src/report/json.js";
import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { auditFramework, costReport, expectedFindings, tempProject } from "./_framework-audit.js";

describe("Hydrogen on Shopify Oxygen", () => {
  it("audits server.ts and the route modules as one Oxygen worker, with workerd's rules and Hydrogen's compatibility date", async () => {
    const { project, findings } = await auditFramework("hydrogen-oxygen");
    expect(project.functions.map((fn) => [fn.id, fn.framework?.role, fn.handlers])).toEqual([
      ["oxygen:app/root.tsx", "root", ["loader"]],
      ["oxygen:app/routes/gift-cards.tsx", "route", ["action"]],
      ["oxygen:app/routes/products.$handle.tsx", "route", ["loader"]],
      ["oxygen:app/routes/wholesale.tsx", "route", ["loader"]],
      ["oxygen:app/entry.server.tsx", "entry-server", ["default"]],
      ["oxygen:server.ts", "server-entry", ["default"]],
    ]);
    for (const fn of project.functions) {
      expect([fn.platform, fn.runtime, fn.framework?.id, fn.deployUnit, fn.host?.name]).toEqual(["cloudflare-workers", "workerd", "hydrogen", "one Oxygen worker (tea-storefront)", "Shopify Oxygen"]);
      // @shopify/hydrogen 2025.7.0 -> 2025-07-01, as mini-oxygen derives it; Oxygen sets no flags.
      expect(fn.workers).toMatchObject({ compatibilityDate: "2025-07-01", compatibilityFlags: [] });
      expect(fn.workers?.locations.compatibilityDate).toMatchObject({ file: "package.json", line: 11 });
    }
    expect(findings).toEqual(expectedFindings("hydrogen-oxygen"));
  });

  it("the JSON report names each function's framework, role, handlers, deploy unit and host", async () => {
    const { result } = await auditFramework("hydrogen-oxygen");
    const doc = JSON.parse(json(result)) as { functions: Array<Record<string, unknown>> };
    expect(doc.functions.find((fn) => fn.id === "oxygen:app/routes/gift-cards.tsx")).toMatchObject({
      framework: { id: "hydrogen", role: "route" },
      handlers: ["action"],
      deployUnit: "one Oxygen worker (tea-storefront)",
      host: { id: "oxygen", name: "Shopify Oxygen" },
    });
  });

  it("says the host decides Node.js compatibility, and advises no wrangler or Hyperdrive setting", async () => {
    const { result } = await auditFramework("hydrogen-oxygen");
    const builtin = result.findings.find((f) => f.ruleId === "edge/node-builtin")!;
    expect(builtin.message).toContain("Shopify Oxygen runs workerd without Node.js compatibility");
    expect(builtin.message).not.toContain("compatibility_flags in");
    const db = result.findings.find((f) => f.ruleId === "db/unpooled")!;
    expect(db.message).toContain("from Shopify Oxygen, which has no Hyperdrive");
    expect(db.message).not.toContain("package.json");
  });

  it("is not priced as Workers: cost says why", async () => {
    const report = await costReport("hydrogen-oxygen");
    expect(report.estimates).toEqual([]);
    expect(report.notes).toEqual(["6 functions run on Shopify Oxygen and are not priced: Hydrogen storefronts run on Shopify Oxygen, which is included in Shopify plans: there is no per-request price to estimate."]);
  });

  it("a Hydrogen app without Oxygen's tooling is read as any React Router app", async () => {
    const dir = tempProject({
      "package.json": JSON.stringify({ name: "shop", dependencies: { "@shopify/hydrogen": "2025.7.0", "@vercel/react-router": "^1.2.0" }, devDependencies: { "@react-router/dev": "^7.9.0" } }),
      "app/root.tsx": "export async function loader() {\n  return {};\n}\n",
      "app/routes.ts": "export default [];\n",
    });
    const p = await discoverProject(dir);
    expect(p.functions.map((fn) => [fn.id, fn.framework?.id, fn.host])).toEqual([["vercel:app/root.tsx", "hydrogen", undefined]]);
  });
});

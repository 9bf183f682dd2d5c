import { json } from "../../../src/report/json.js";
import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { runAudit } from "../../../src/audit/engine.js";
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

  it("a Hydrogen app that says it deploys to Vercel is the one Edge Function Vercel's Hydrogen preset builds, with the Edge Runtime's rules", async () => {
    const files = {
      "package.json": JSON.stringify({
        name: "shop",
        scripts: { build: "shopify hydrogen build" },
        dependencies: { "@shopify/hydrogen": "2025.7.0", "react-router": "7.9.2" },
        devDependencies: { "@react-router/dev": "7.9.2", "@shopify/mini-oxygen": "^3.2.1" },
      }),
      "server.ts": 'import * as build from "virtual:react-router/server-build";\nexport default { async fetch(request: Request) { return new Response(String(Object.keys(build).length)); } };\n',
      "app/root.tsx": 'import { readFileSync } from "node:fs";\nexport async function loader() {\n  return { motd: readFileSync("motd.txt", "utf8") };\n}\n',
      "app/routes.ts": "export default [];\n",
    };
    // vercel.json (here only its env), as vercel/examples' hydrogen-2 has.
    const dir = tempProject({ ...files, "vercel.json": JSON.stringify({ env: { PUBLIC_STORE_DOMAIN: "mock.shop" } }) });
    const withJson = await discoverProject(dir);
    expect(withJson.functions.map((fn) => [fn.id, fn.platform, fn.runtime, fn.deployUnit, fn.host, fn.framework?.id])).toEqual([
      ["vercel:app/root.tsx", "vercel", "edge", "one Vercel Edge Function (shop)", undefined, "hydrogen"],
      ["vercel:server.ts", "vercel", "edge", "one Vercel Edge Function (shop)", undefined, "hydrogen"],
    ]);
    expect(withJson.functions[0]!.framework?.targetAt).toMatchObject({ file: "vercel.json", line: 1 });
    const builtin = (await runAudit({ root: dir, today: "2026-12-01" })).findings.find((f) => f.ruleId === "edge/node-builtin");
    expect(builtin).toMatchObject({ file: "app/root.tsx", function: "vercel:app/root.tsx" });
    expect(builtin!.message).toContain("Vercel Edge Runtime");
    // The Vercel CLI in a script says so as well; without either, it is Oxygen's.
    const cli = await discoverProject(tempProject({ ...files, "package.json": files["package.json"].replace('"shopify hydrogen build"', '"shopify hydrogen build", "deploy": "vercel deploy --prod"') }));
    expect(cli.functions.map((fn) => fn.id)).toEqual(["vercel:app/root.tsx", "vercel:server.ts"]);
    expect((await discoverProject(tempProject(files))).functions.map((fn) => fn.id)).toEqual(["oxygen:app/root.tsx", "oxygen:server.ts"]);
  });
});

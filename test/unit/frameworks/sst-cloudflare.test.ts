import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { auditMatchesExpected, expectPricedPerFunction, frameworksDir } from "./_audit-fixture.js";

const NAME = "sst-cloudflare";
const work = mkdtempSync(path.join(tmpdir(), "coldstart-sst-cf-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("SST v3 on Cloudflare", () => {
  it("reads sst.cloudflare.Worker and Cron as Workers with SST's compatibility settings", async () => {
    const project = await discoverProject(path.join(frameworksDir, NAME));
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => [f.id, f.platform, f.runtime, f.workers?.compatibilityDate, f.workers?.compatibilityFlags])).toEqual([
      ["cloudflare-workers:src/api.ts#Api", "cloudflare-workers", "workerd", "2024-09-23", ["nodejs_compat"]],
      ["cloudflare-workers:src/cleanup.ts#Cleanup", "cloudflare-workers", "workerd", "2024-09-23", ["nodejs_compat"]],
    ]);
    expect(project.functions[0]!.config).toMatchObject({ file: "sst.config.ts", line: 9 });
  });

  it("takes the compatibility date from transform.worker when the app sets it", async () => {
    const copy = path.join(work, "transformed");
    cpSync(path.join(frameworksDir, NAME), copy, { recursive: true });
    const config = readFileSync(path.join(copy, "sst.config.ts"), "utf8").replace("      url: true,\n", '      url: true,\n      transform: { worker: { compatibilityDate: "2025-10-01", compatibilityFlags: ["nodejs_compat"] } },\n');
    writeFileSync(path.join(copy, "sst.config.ts"), config);
    const project = await discoverProject(copy);
    expect(project.functions[0]!.workers).toMatchObject({ compatibilityDate: "2025-10-01", locations: { compatibilityDate: { file: "sst.config.ts", line: 13 } } });
  });

  it("finds exactly the planted problems (node:fs before the native module's date, fetch without a timeout, pg without Hyperdrive)", async () => {
    const result = await auditMatchesExpected(NAME);
    await expectPricedPerFunction(NAME, result);
  });
});

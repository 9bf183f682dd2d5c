import { describe, expect, it } from "vitest";
import { newerDateAdvice, toolsOnNewerDate, wranglerMajor } from "../../../src/audit/analysis/workerd-tools.js";
import type { WorkersTool } from "../../../src/project/types.js";

const wrangler = (version: string, miniflare: string | undefined, installed = true): WorkersTool => ({ name: "wrangler", version, installed, miniflare });
const pool = (version: string, miniflare: string): WorkersTool => ({ name: "@cloudflare/vitest-pool-workers", version, installed: true, miniflare });

describe("what the installed Workers tools do with a date newer than their workerd", () => {
  it("miniflare before 4.20260401.0 (wrangler 4.40.2) warns and falls back: a warning", () => {
    const advice = newerDateAdvice([wrangler("4.40.2", "4.20250923.0")], "2025-11-01", "2025-09-23");
    expect(advice.severity).toBe("warning");
    expect(advice.message).toContain("`wrangler dev` (wrangler 4.40.2) warns and runs the Worker on 2025-09-23 instead");
    expect(advice.message).toContain("Deploys use the date as written");
  });

  it("miniflare from 4.20260401.0 (wrangler 4.164, the Vitest pool 0.14) passes the date to workerd, which refuses: an error", () => {
    const advice = newerDateAdvice([wrangler("4.164.0", "4.20260801.0")], "2026-08-20", "2026-08-01");
    expect(advice.severity).toBe("error");
    expect(advice.message).toContain("`wrangler dev` (wrangler 4.164.0) refuses to start");
    expect(advice.message).toContain("newest date supported by this server binary is 2026-08-01");
  });

  it("names each tool with its own behaviour when they differ", () => {
    const verdicts = toolsOnNewerDate([wrangler("4.40.2", "4.20250923.0"), pool("0.14.2", "4.20260409.0")], "2026-05-01", "2026-04-09");
    expect(verdicts.map((v) => [v.tool.name, v.behaviour, v.workerdDate])).toEqual([
      ["wrangler", "falls-back", "2025-09-23"],
      ["@cloudflare/vitest-pool-workers", "refuses", "2026-04-09"],
    ]);
  });

  it("puts the change exactly at miniflare 4.20260401.0", () => {
    expect(toolsOnNewerDate([wrangler("4.79.0", "4.20260331.0")], "2026-05-01", undefined)[0]?.behaviour).toBe("falls-back");
    expect(toolsOnNewerDate([wrangler("4.80.0", "4.20260401.0")], "2026-05-01", undefined)[0]?.behaviour).toBe("refuses");
  });

  it("leaves out tools whose workerd supports the date, miniflare 2 (no workerd) and tools that are only declared", () => {
    expect(toolsOnNewerDate([wrangler("4.164.0", "4.20260801.0")], "2026-07-01", "2026-08-01")).toEqual([]);
    expect(toolsOnNewerDate([wrangler("2.20.0", "2.14.0")], "2026-07-01", "2025-01-01")).toEqual([]);
    expect(toolsOnNewerDate([wrangler("^4.40.0", undefined, false)], "2026-07-01", "2025-01-01")).toEqual([]);
  });

  it("hedges, as a warning, when no installed tool says which behaviour applies", () => {
    const advice = newerDateAdvice([wrangler("^4.40.0", undefined, false)], "2025-10-20", "2025-08-01");
    expect(advice.severity).toBe("warning");
    expect(advice.message).toContain("refuse to start");
    expect(advice.message).toContain("older ones warn and run the Worker on 2025-08-01");
  });

  it("reads the wrangler major from the installed version or the declared range", () => {
    expect(wranglerMajor([wrangler("3.82.0", undefined, false)])).toEqual({ major: 3, version: "3.82.0", installed: false });
    expect(wranglerMajor([wrangler("^4.40.0", undefined, false)])?.major).toBe(4);
    expect(wranglerMajor([])).toBeUndefined();
  });
});

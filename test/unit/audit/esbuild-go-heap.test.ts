import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { esbuildBuild, releaseEsbuild } from "../../../src/audit/bundle.js";

/** Each running esbuild process this process started (from /proc), by pid, with its environment. */
function esbuildChildren(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) !== process.pid || state === "Z" || !stat.includes("(esbuild)")) continue;
      const pairs = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
      out.set(pid, new Map(pairs.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)])));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return out;
}

/**
 * Stops any esbuild service this worker runs (stop() signals it; it may take a moment to go), bundles a
 * line of code, which starts a new one, and returns the new one's environment. The service is
 * esbuild's, one per process, stopped here through esbuild itself: releaseEsbuild stops it only when
 * its own module instance started it, and files that reset modules (bundle-retry's vi.resetModules)
 * leave this worker with a service an earlier instance of bundle.ts started.
 */
async function freshService(): Promise<Map<string, string>> {
  await releaseEsbuild();
  await (await import("esbuild")).stop();
  for (let i = 0; i < 500 && esbuildChildren().size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const before = new Set(esbuildChildren().keys());
  const result = await esbuildBuild({ stdin: { contents: "export const answer = 6 * 7;\n", loader: "ts" }, bundle: true, write: false, logLevel: "silent" });
  expect(result.outputFiles?.[0]?.text).toContain("6 * 7");
  const started = [...esbuildChildren()].filter(([pid]) => !before.has(pid));
  expect(started).toHaveLength(1);
  return started[0]![1];
}

describe.runIf(existsSync("/proc/self/environ"))("esbuild's service starts with its Go heap limit", () => {
  const saved = { GOGC: process.env.GOGC, GOMEMLIMIT: process.env.GOMEMLIMIT };
  afterEach(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await releaseEsbuild();
  });

  it("collects at 200 MiB instead of each doubling, and leaves this process's environment as it was", async () => {
    delete process.env.GOGC;
    delete process.env.GOMEMLIMIT;
    const env = await freshService();
    expect(env.get("GOGC")).toBe("off");
    expect(env.get("GOMEMLIMIT")).toBe("200MiB");
    expect(process.env.GOGC).toBeUndefined();
    expect(process.env.GOMEMLIMIT).toBeUndefined();
  });

  it("keeps what the environment sets: GOGC or GOMEMLIMIT given, neither is changed", async () => {
    delete process.env.GOMEMLIMIT;
    process.env.GOGC = "150";
    const env = await freshService();
    expect(env.get("GOGC")).toBe("150");
    expect(env.has("GOMEMLIMIT")).toBe(false);
    expect(process.env.GOGC).toBe("150");

    delete process.env.GOGC;
    process.env.GOMEMLIMIT = "1GiB";
    const other = await freshService();
    expect(other.get("GOMEMLIMIT")).toBe("1GiB");
    expect(other.has("GOGC")).toBe(false);
    expect(process.env.GOGC).toBeUndefined();
  });
});

import type { PlannedFile } from "./plan.js";

/**
 * The generated project states what Node it needs (engines.node); coldstart itself runs on older
 * ones. Warn when the running Node is below a plain `>=x.y.z` floor, the form the templates use.
 */
export function nodeEngineWarning(files: readonly PlannedFile[], nodeVersion: string = process.version): string | undefined {
  const pkg = files.find((file) => file.path === "package.json");
  if (!pkg) return undefined;
  let range: unknown;
  try {
    range = (JSON.parse(pkg.contents.toString("utf8")) as { engines?: { node?: unknown } }).engines?.node;
  } catch {
    return undefined;
  }
  if (typeof range !== "string") return undefined;
  const floor = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  const current = /^v?(\d+)\.(\d+)\.(\d+)/.exec(nodeVersion);
  if (!floor || !current) return undefined;
  const want = [floor[1], floor[2], floor[3]].map((part) => Number(part ?? 0));
  const have = [current[1], current[2], current[3]].map(Number);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) > (want[i] ?? 0)) return undefined;
    if ((have[i] ?? 0) < (want[i] ?? 0)) {
      return `the project needs Node ${range.trim()} (its engines field) but the node on PATH is ${nodeVersion}: install a newer Node before running its scripts.`;
    }
  }
  return undefined;
}

/** The version of the `node` the project's scripts will run with: the first on PATH, not necessarily ours. */
export async function nodeOnPath(env: NodeJS.ProcessEnv): Promise<string> {
  const { execa } = await import("execa");
  const result = await execa("node", ["--version"], { env, reject: false, stdin: "ignore", timeout: 10_000 });
  return result.failed ? process.version : result.stdout.trim();
}

/**
 * `cost.functions["<id>"].events`: the event files a Lambda function is measured with, and each
 * one's share of its traffic. Checked before anything runs: every named function exists and is a
 * Lambda function, every file is a JSON file inside the project, every weight is positive.
 */
import { realpath, stat, readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { within } from "../project/source/boundary.js";
import type { Project } from "../project/types.js";
import type { CostConfig } from "./config-schema.js";

export interface WeightedEvent {
  /** Absolute path. */
  file: string;
  /** As configured; shares are the weights over their sum. */
  weight: number;
}

/**
 * Lambda's largest synchronous invocation payload, 6 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, taken 2026-12-06):
 * an event file larger than that is no event Lambda would deliver.
 */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/** The configured event files per function id, with weights; empty when config names none. */
export async function configuredEvents(cost: CostConfig | undefined, project: Project, root: string, label: string): Promise<Map<string, WeightedEvent[]>> {
  const out = new Map<string, WeightedEvent[]>();
  const entries = Object.entries(cost?.functions ?? {}).filter(([, f]) => f.events !== undefined);
  if (entries.length === 0) return out;
  const realRoot = await realpath(root);
  for (const [id, f] of entries) {
    const where = `${label}: cost.functions["${id}"].events`;
    const fn = project.functions.find((x) => x.id === id);
    if (!fn) {
      const lambdas = project.functions.filter((x) => x.lambda).map((x) => x.id);
      throw new ConfigError(`${where}: no function has this id`, {
        hint: lambdas.length ? `Lambda functions here: ${lambdas.slice(0, 10).join(", ")}${lambdas.length > 10 ? ", ..." : ""}` : "This project has no Lambda functions.",
      });
    }
    if (!fn.lambda) {
      throw new ConfigError(`${where}: event files are for Lambda functions; ${id} is called with an HTTP request`, {
        hint: `Set cost.functions["${id}"].measurePath to choose the request instead.`,
      });
    }
    const list: WeightedEvent[] = [];
    for (const [rel, weight] of Object.entries(f.events!)) {
      list.push({ file: await eventFile(rel, root, realRoot, `${where}["${rel}"]`), weight });
    }
    out.set(id, list);
  }
  return out;
}

/** The absolute path of a configured event file, or a ConfigError saying what is wrong with it. */
async function eventFile(rel: string, root: string, realRoot: string, where: string): Promise<string> {
  if (path.isAbsolute(rel)) throw new ConfigError(`${where}: must be a path relative to the project (${root}), not an absolute one`);
  const abs = path.resolve(root, rel);
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    throw new ConfigError(`${where}: no such file (looked for ${abs})`);
  }
  if (!within(path.resolve(root), abs) || !within(realRoot, real)) throw new ConfigError(`${where}: is outside the project (${root})`);
  const info = await stat(real);
  if (!info.isFile()) throw new ConfigError(`${where}: is not a file`);
  if (info.size > MAX_EVENT_BYTES) throw new ConfigError(`${where}: is ${info.size.toLocaleString("en-US")} bytes, more than the 6 MB payload a Lambda invocation takes`);
  try {
    JSON.parse(await readFile(real, "utf8"));
  } catch (error) {
    throw new ConfigError(`${where}: is not JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
  return abs;
}

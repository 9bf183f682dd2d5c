import { parse, type ParseError } from "jsonc-parser";
import { parse as parseToml } from "smol-toml";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { InputError, UsageError } from "../errors.js";
import { appendToJsonList } from "./jsonc.js";
import type { AddPlan, AddRequest } from "./types.js";
import { addHonoRoute, addWorkerHandler } from "./worker-code.js";

interface WranglerConfig {
  name?: unknown;
  main?: unknown;
  triggers?: { crons?: unknown };
  queues?: { consumers?: unknown };
}

/**
 * A Worker's config: `cron` adds a Cron Trigger, `queue-consumer` a Queues consumer with a dead-letter
 * queue. JSON/JSONC through jsonc-parser edits, TOML by appending a table; either way the result is
 * parsed again and must differ from the old config only by the addition. The Worker's entry (`main`)
 * gets the handler the addition needs when its default export is an object literal (worker-code.ts).
 */
export async function addToWrangler(request: AddRequest, file: string): Promise<AddPlan> {
  const text = request.read(file) ?? "";
  const toml = file.endsWith(".toml");
  const config = toml ? readToml(text, file) : readJsonc(text, file);
  if (request.kind === "http") return addRoute(request, file, config);
  const { key, value, note } = addition(request, config);
  const after = toml ? appendToml(text, key, value) : editJsonc(text, key, value);

  const check = toml ? readToml(after, file) : readJsonc(after, file);
  // Plain copies: TOML tables come back without a prototype, which a strict comparison would count.
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
  if (!isDeepStrictEqual(plain(check), plain(expected(config, key, value)))) {
    throw new InputError(`${file}: the edit would change more than the new ${key === "crons" ? "trigger" : "consumer"} (an unusual layout), so nothing was written; add it by hand.`);
  }
  const changes: AddPlan["changes"] = [{ path: file, before: text, after }];
  const notes = note ? [note] : [];
  if (typeof config.main !== "string") {
    notes.push(`${file} names no main entry, so coldstart did not add the ${key === "crons" ? "scheduled()" : "queue()"} handler the Worker needs.`);
  } else {
    const main = path.posix.normalize(config.main.replace(/^\.\//, ""));
    const detail = key === "crons" ? { cron: value } : { queue: value.queue as string, dlq: value.dead_letter_queue as string };
    const code = main.startsWith("../") || path.isAbsolute(main) ? { note: `The Worker's entry ${main} is outside the project, so coldstart did not edit it.` } : await addWorkerHandler(main, request.read(main), key === "crons" ? "scheduled" : "queue", detail);
    if (code.change) changes.push(code.change);
    notes.push(code.note);
  }
  return { project: `wrangler config (${file})`, changes, notes };
}

/** A GET route in a Hono Worker: code only, the config is unchanged. */
async function addRoute(request: AddRequest, file: string, config: WranglerConfig): Promise<AddPlan> {
  const main = typeof config.main === "string" ? path.posix.normalize(config.main.replace(/^\.\//, "")) : undefined;
  if (!main || main.startsWith("../") || path.isAbsolute(main)) throw new InputError(`${file} names no main entry inside the project, so coldstart cannot add a route.`);
  const result = await addHonoRoute(main, request.read(main), request.name);
  if (typeof result === "string") throw new InputError(`${result}; add the route to the Worker's fetch handler by hand.`, { hint: "coldstart add http in a Worker adds a route to a Hono app." });
  return { project: `Worker (${main})`, changes: [result], notes: [`GET /${request.name} is served by ${main}; run the Worker's tests and \`wrangler dev\` to try it.`] };
}

type Addition = { key: "crons"; value: string; note?: string } | { key: "consumers"; value: Record<string, unknown>; note?: string };

function addition(request: AddRequest, config: WranglerConfig): Addition {
  switch (request.kind) {
    case "cron": {
      const crons = config.triggers?.crons;
      if (crons !== undefined && !Array.isArray(crons)) throw new InputError("triggers.crons is not a list; add the schedule by hand.");
      const value = "0 6 * * *";
      if (Array.isArray(crons) && crons.includes(value)) throw new InputError(`the Worker already runs on "${value}".`);
      return { key: "crons", value };
    }
    case "queue-consumer": {
      const consumers = config.queues?.consumers;
      if (consumers !== undefined && !Array.isArray(consumers)) throw new InputError("queues.consumers is not a list; add the consumer by hand.");
      if (Array.isArray(consumers) && consumers.some((c) => (c as { queue?: unknown })?.queue === request.name)) throw new InputError(`the Worker already consumes the queue ${request.name}.`);
      const value = { queue: request.name, max_batch_size: 10, max_batch_timeout: 5, max_retries: 3, dead_letter_queue: `${request.name}-dlq`, max_concurrency: 5 };
      return {
        key: "consumers",
        value,
        note: `Create the queues once: npx wrangler queues create ${request.name} && npx wrangler queues create ${request.name}-dlq.`,
      };
    }
    default:
      throw new UsageError(`a wrangler project takes http (a Hono app), cron or queue-consumer, not ${request.kind}.`);
  }
}

function readJsonc(text: string, file: string): WranglerConfig {
  const errors: ParseError[] = [];
  const config = parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0 || typeof config !== "object" || config === null || Array.isArray(config)) throw new InputError(`${file} does not parse as a JSON object, so coldstart cannot edit it safely.`);
  return config;
}

function readToml(text: string, file: string): WranglerConfig {
  try {
    return parseToml(text);
  } catch (error) {
    throw new InputError(`${file} does not parse as TOML (${(error as Error).message.split("\n")[0]}), so coldstart cannot edit it safely.`);
  }
}

function editJsonc(text: string, key: Addition["key"], value: unknown): string {
  return appendToJsonList(text, [key === "crons" ? "triggers" : "queues", key], value);
}

/** A new table at the end is valid wherever the file's other tables are; an existing one is left to a person. */
function appendToml(text: string, key: Addition["key"], value: unknown): string {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (key === "crons") {
    if (/^\s*\[triggers\]|^\s*triggers\s*[.=]/m.test(text)) throw new InputError("wrangler.toml already has a [triggers] table; add the schedule to its crons list by hand.");
    return `${body}\n[triggers]\ncrons = [${JSON.stringify(value)}]\n`;
  }
  if (/^\s*queues\s*[.=]|^\s*\[queues\]/m.test(text)) throw new InputError("wrangler.toml defines queues in a form coldstart does not edit; add the consumer by hand.");
  const fields = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return `${body}\n[[queues.consumers]]\n${fields.join("\n")}\n`;
}

function expected(config: WranglerConfig, key: Addition["key"], value: unknown): WranglerConfig {
  if (key === "crons") {
    const crons: unknown[] = Array.isArray(config.triggers?.crons) ? (config.triggers.crons as unknown[]) : [];
    return { ...config, triggers: { ...config.triggers, crons: [...crons, value] } };
  }
  const consumers: unknown[] = Array.isArray(config.queues?.consumers) ? (config.queues.consumers as unknown[]) : [];
  return { ...config, queues: { ...config.queues, consumers: [...consumers, value] } };
}

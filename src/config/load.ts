import path from "node:path";
import { ConfigError } from "../errors.js";
import { exists, readText } from "../project/files.js";
import { createBoundary, USER_GIVEN, type Boundary } from "../project/source/boundary.js";
import { parseJsonc } from "../project/formats/jsonc.js";
import { crossCheck } from "./cross-check.js";
import { formatIssues } from "./issues.js";
import { configSchema, type ColdstartConfig } from "./schema.js";

export const CONFIG_FILE = "coldstart.config.json";

export interface LoadedConfig {
  config: ColdstartConfig;
  /** Where it came from (`coldstart.config.json`, `package.json#coldstart`), or undefined for defaults. */
  source: string | undefined;
}

export interface LoadOptions {
  /** Rule ids the config may name; by default the registry's and the engine's own. */
  knownRuleIds?: Iterable<string>;
  /** Folder a relative `explicitPath` is resolved against, as with other CLI paths (default: process.cwd()). */
  cwd?: string;
}

/**
 * Loads `explicitPath`, else `<root>/coldstart.config.json`, else `package.json#coldstart`, else
 * the defaults. Load, validate with the schema, then cross-check; any failure is one ConfigError line.
 */
export async function loadConfig(root: string, explicitPath?: string, options: LoadOptions = {}): Promise<ColdstartConfig> {
  return (await loadConfigWithSource(root, explicitPath, options)).config;
}

export async function loadConfigWithSource(root: string, explicitPath?: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const found = await locate(root, explicitPath, options.cwd ?? process.cwd());
  if (!found) return { config: {}, source: undefined };
  const parsed = configSchema.safeParse(found.raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    // A number out of range already says what is allowed; the schema helps with keys and types.
    const ranged = first?.code === "too_big" || first?.code === "too_small" || (first?.code === "invalid_type" && first.expected === "number");
    throw new ConfigError(`${found.label}: ${formatIssues(parsed.error.issues)}`, ranged ? {} : { hint: "See schema/coldstart.schema.json for the allowed settings." });
  }
  const knownRuleIds = options.knownRuleIds ?? (await registeredRuleIds());
  const problem = crossCheck(parsed.data, new Set(knownRuleIds));
  if (problem) throw new ConfigError(`${found.label}: ${problem.message}`, problem.hint ? { hint: problem.hint } : {});
  return { config: parsed.data, source: found.label };
}

async function locate(root: string, explicitPath: string | undefined, cwd: string): Promise<{ raw: unknown; label: string } | undefined> {
  if (explicitPath !== undefined) {
    const abs = path.resolve(cwd, explicitPath);
    const label = explicitPath;
    if (!(await exists(abs, USER_GIVEN))) throw new ConfigError(`${label}: config file not found`);
    const raw = await readJsonc(abs, label, USER_GIVEN);
    if (path.basename(abs) === "package.json") {
      if (!isObject(raw) || raw.coldstart === undefined) throw new ConfigError(`${label}: has no "coldstart" key`);
      return { raw: raw.coldstart, label: `${label}#coldstart` };
    }
    return { raw, label };
  }
  const file = path.join(root, CONFIG_FILE);
  // Found in the project, so as untrusted as the rest of it: read through the boundary.
  const boundary = createBoundary(root);
  if (await exists(file, USER_GIVEN)) return { raw: await readJsonc(file, CONFIG_FILE, boundary), label: CONFIG_FILE };
  const pkgFile = path.join(root, "package.json");
  if (await exists(pkgFile, USER_GIVEN)) {
    const pkg = await readJsonc(pkgFile, "package.json", boundary);
    if (isObject(pkg) && pkg.coldstart !== undefined) return { raw: pkg.coldstart, label: "package.json#coldstart" };
  }
  return undefined;
}

async function readJsonc(abs: string, label: string, boundary: Boundary): Promise<unknown> {
  const text = await readText(abs, boundary);
  if (!text.ok) throw new ConfigError(`${label}: ${text.message}`);
  const parsed = parseJsonc(text.text);
  if (!parsed.ok) {
    const where = parsed.limit ? `${label} ` : `${label}:${parsed.line}:${parsed.column}: `;
    throw new ConfigError(`${where}${parsed.message}`);
  }
  return parsed.doc.value;
}

async function registeredRuleIds(): Promise<string[]> {
  const [{ ruleLoaders }, { BUILTIN_RULES }] = await Promise.all([
    import("../audit/rules/index.js"),
    import("../audit/builtin-rules.js"),
  ]);
  return [...Object.keys(ruleLoaders), ...BUILTIN_RULES.map((r) => r.id)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

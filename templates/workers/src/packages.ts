import { HttpError } from "./http";

export interface PackageSummary {
  name: string;
  version: string;
  description: string | null;
  license: string | null;
}

export interface Lookup {
  summary: PackageSummary;
  cache: "hit" | "miss";
}

// KV's minimum TTL is 60 s; five minutes keeps the registry load low without serving stale data for long.
export const CACHE_TTL_SECONDS = 300;

const MAX_NAME_LENGTH = 214;
const PACKAGE_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** Decodes and validates an npm package name taken from the URL; 400 if it is not one. */
export function parsePackageName(raw: string | undefined): string {
  let name = "";
  try {
    name = decodeURIComponent(raw ?? "");
  } catch {
    // Malformed percent-encoding falls through to the validation error below.
  }
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !PACKAGE_NAME.test(name)) {
    throw new HttpError(
      400,
      "invalid_package_name",
      `"${raw ?? ""}" is not a valid npm package name (lowercase, optional @scope/, at most ${MAX_NAME_LENGTH} characters)`,
    );
  }
  return name;
}

export function cacheKey(name: string): string {
  return `package:${name}`;
}

/** Reads a package summary from KV, or from the registry on a miss (then caches it). */
export async function lookupPackage(name: string, env: Env, ctx: ExecutionContext): Promise<Lookup> {
  const cached = await env.CACHE.get<PackageSummary>(cacheKey(name), "json");
  if (cached) return { summary: cached, cache: "hit" };

  const summary = await fetchFromRegistry(name, env);
  // Respond without waiting for the write; the runtime keeps the request alive until it settles.
  ctx.waitUntil(env.CACHE.put(cacheKey(name), JSON.stringify(summary), { expirationTtl: CACHE_TTL_SECONDS }));
  return { summary, cache: "miss" };
}

async function fetchFromRegistry(name: string, env: Env): Promise<PackageSummary> {
  const timeoutMs = positiveInteger(env.UPSTREAM_TIMEOUT_MS, "UPSTREAM_TIMEOUT_MS");
  try {
    // The signal also covers reading the body, so a registry that stalls mid-response times out too.
    const response = await fetch(`${env.REGISTRY_URL}/${name}/latest`, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 404) {
      await response.body?.cancel();
      throw new HttpError(404, "package_not_found", `No package named "${name}" in the registry`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new HttpError(502, "upstream_error", `The registry answered ${response.status}`);
    }
    return toSummary(await response.json(), name);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof Error && error.name === "TimeoutError") {
      throw new HttpError(504, "upstream_timeout", `The registry did not answer within ${timeoutMs} ms`);
    }
    throw new HttpError(502, "upstream_unreachable", "The registry could not be reached or sent invalid JSON");
  }
}

function positiveInteger(value: string, setting: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new Error(`${setting} must be a positive integer (milliseconds), got "${value}"`);
  }
  return parsed;
}

function toSummary(body: unknown, name: string): PackageSummary {
  if (typeof body !== "object" || body === null) {
    throw new HttpError(502, "upstream_invalid", "The registry sent an unexpected response");
  }
  const record = body as Record<string, unknown>;
  if (typeof record.version !== "string") {
    throw new HttpError(502, "upstream_invalid", "The registry response has no version");
  }
  return {
    name: typeof record.name === "string" ? record.name : name,
    version: record.version,
    description: typeof record.description === "string" ? record.description : null,
    license: typeof record.license === "string" ? record.license : null,
  };
}

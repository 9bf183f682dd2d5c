import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HttpError } from "../src/http";
import { CACHE_TTL_SECONDS, cacheKey, lookupPackage, parsePackageName } from "../src/packages";
import { mockRegistry, packageJson } from "./registry-mock";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("parsePackageName", () => {
  it.each([
    ["hono", "hono"],
    ["lodash.merge", "lodash.merge"],
    ["@types/node", "@types/node"],
    ["@types%2Fnode", "@types/node"],
  ])("accepts %s", (raw, expected) => {
    expect(parsePackageName(raw)).toBe(expected);
  });

  it.each([
    ["an empty name", ""],
    ["uppercase letters", "React"],
    ["a path traversal", "../etc/passwd"],
    ["a scope without a name", "@scope"],
    ["a space", "has space"],
    ["a leading dot", ".hidden"],
    ["a leading underscore", "_private"],
    ["broken percent-encoding", "%E0%A4%A"],
    ["more than 214 characters", "a".repeat(215)],
  ])("rejects %s with a 400", (_label, raw) => {
    const error = catchError(() => parsePackageName(raw));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, code: "invalid_package_name" });
  });

  it("rejects a missing name", () => {
    expect(catchError(() => parsePackageName(undefined))).toMatchObject({ status: 400 });
  });
});

describe("lookupPackage", () => {
  it("fetches from the registry on a miss, with a timeout signal, and caches the summary", async () => {
    const fetchSpy = mockRegistry(() => packageJson({ name: "hono", version: "4.9.0", license: "MIT" }));
    const ctx = createExecutionContext();

    const result = await lookupPackage("hono", env, ctx);
    await waitOnExecutionContext(ctx);

    expect(result).toEqual({
      cache: "miss",
      summary: { name: "hono", version: "4.9.0", description: null, license: "MIT" },
    });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [url, init] = fetchSpy.mock.calls[0] ?? [];
    expect(String(url)).toBe(`${env.REGISTRY_URL}/hono/latest`);
    expect(init?.signal).toBeInstanceOf(AbortSignal);

    expect(await env.CACHE.get(cacheKey("hono"), "json")).toEqual(result.summary);
    const { keys } = await env.CACHE.list({ prefix: cacheKey("hono") });
    const expiresIn = (keys[0]?.expiration ?? 0) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(CACHE_TTL_SECONDS - 30);
    expect(expiresIn).toBeLessThanOrEqual(CACHE_TTL_SECONDS + 1);
  });

  it("serves a cached summary without calling the registry", async () => {
    const summary = { name: "zod", version: "4.1.0", description: "Schema validation", license: "MIT" };
    await env.CACHE.put(cacheKey("zod"), JSON.stringify(summary));
    const fetchSpy = mockRegistry(() => packageJson({ version: "0.0.0" }));

    const result = await lookupPackage("zod", env, createExecutionContext());

    expect(result).toEqual({ cache: "hit", summary });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("rejects a registry answer without a version as a bad gateway", async () => {
    mockRegistry(() => packageJson({ name: "broken" }));

    const error = await lookupPackage("broken", env, createExecutionContext()).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 502, code: "upstream_invalid" });
    expect(await env.CACHE.get(cacheKey("broken"))).toBeNull();
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

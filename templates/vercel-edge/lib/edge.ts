/**
 * Helpers for code on the Edge runtime: Web APIs only (Headers, crypto.subtle, TextEncoder), no
 * Node.js modules, so the same code also runs unchanged on Node.js or in a Worker.
 */

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A well-formed incoming `x-request-id` is kept (so a trace crosses services); otherwise a new UUID. */
export function requestIdOf(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

export interface Geolocation {
  country: string | null;
  region: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
}

/**
 * Where the request came from, as Vercel's network reports it in the `x-vercel-ip-*` request headers
 * (https://vercel.com/docs/headers/request-headers, read 2026-12-05). Vercel sets them on every
 * deployed request; locally they are absent (all null) unless a test sends them.
 */
export function geolocationOf(headers: Headers): Geolocation {
  const number = (name: string) => {
    const value = headers.get(name);
    const n = value === null || value === "" ? Number.NaN : Number(value);
    return Number.isFinite(n) ? n : null;
  };
  return {
    country: countryOf(headers),
    region: headers.get("x-vercel-ip-country-region") || null,
    city: decoded(headers.get("x-vercel-ip-city")),
    latitude: number("x-vercel-ip-latitude"),
    longitude: number("x-vercel-ip-longitude"),
  };
}

/** The ISO 3166-1 alpha-2 country code, upper case, or null. */
export function countryOf(headers: Headers): string | null {
  const country = headers.get("x-vercel-ip-country")?.trim().toUpperCase();
  return country && /^[A-Z]{2}$/.test(country) ? country : null;
}

// The city is percent-encoded (São Paulo arrives as S%C3%A3o%20Paulo).
function decoded(value: string | null): string | null {
  if (!value) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `BLOCKED_COUNTRIES=KP,IR` as a set of codes. */
export function countryList(value: string | undefined): Set<string> {
  return new Set((value ?? "").split(",").map((code) => code.trim().toUpperCase()).filter((code) => /^[A-Z]{2}$/.test(code)));
}

const encoder = new TextEncoder();

/**
 * Compares a presented secret with the expected one without an early exit: both are hashed first
 * (equal lengths, nothing learned about the secret's length), then every byte is compared.
 * crypto.subtle, because the Edge runtime has no node:crypto timingSafeEqual.
 */
export async function sameSecret(presented: string, expected: string): Promise<boolean> {
  const digest = async (value: string) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** "edge" inside the Edge runtime (it defines the EdgeRuntime global), "nodejs" elsewhere. */
export function runtimeName(): "edge" | "nodejs" {
  return typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === "string" ? "edge" : "nodejs";
}

/** `{ "error": { "code", "message" } }`, the one error shape of the API. */
export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

import { Hono } from "hono";
import { validator } from "hono/validator";
import * as z from "zod/mini";
import type { AppEnv } from "./env";
import { log } from "./log";
import { fetchTitle } from "./title";

export interface Bookmark {
  id: string;
  url: string;
  title: string | null;
  tags: string[];
  createdAt: string;
}

// zod/mini imported as a namespace, so the bundler keeps only the checks used: about 20 kB minified,
// where `import { z } from "zod"` brings every locale along (about 450 kB, measured with esbuild).
const newBookmark = z.object({
  url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }).check(z.maxLength(2048)),
  tags: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(32))).check(z.maxLength(10)), []),
});
const byId = z.object({ id: z.uuid({ error: "a bookmark id (UUID)" }) });
const idempotencyKey = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, "Idempotency-Key: 8-64 letters, digits, '-' or '_'"));

/** The problems as one 422 with every field named, the same JSON error shape as the rest of the API. */
function invalid(error: z.core.$ZodError): Response {
  const details = error.issues.map((issue) => `${issue.path.map(String).join(".") || "(value)"}: ${issue.message}`);
  return Response.json({ error: { code: "invalid_request", message: "The request is not valid", details } }, { status: 422 });
}

/** Hono's validator with a zod schema: `c.req.valid(target)` is the parsed, typed value. */
function valid<Target extends "json" | "param", Schema extends z.ZodMiniType>(target: Target, schema: Schema) {
  return validator(target, (value) => {
    const result = z.safeParse(schema, value);
    return result.success ? result.data : invalid(result.error);
  });
}

const key = (id: string) => `bookmark:${id}`;

export const bookmarks = new Hono<AppEnv>()
  /**
   * Saves a bookmark with the page's title. A client that retries a POST sends the same
   * Idempotency-Key and gets the same bookmark back (200) instead of a second one.
   */
  .post("/", valid("json", newBookmark), async (c) => {
    const header = c.req.header("idempotency-key");
    const parsedKey = header === undefined ? undefined : z.safeParse(idempotencyKey, header);
    if (parsedKey && !parsedKey.success) return invalid(parsedKey.error);
    const id = parsedKey ? await idFromKey(parsedKey.data) : crypto.randomUUID();
    if (parsedKey) {
      const existing = await c.env.BOOKMARKS.get<Bookmark>(key(id), "json");
      if (existing) return c.json(existing, 200, { location: `/api/bookmarks/${id}` });
    }

    const { url, tags } = c.req.valid("json");
    const fetched = await fetchTitle(url, Number(c.env.UPSTREAM_TIMEOUT_MS));
    if (fetched.problem) log("warn", "saved without a title", { requestId: c.get("requestId"), host: new URL(url).host, problem: fetched.problem });
    const bookmark: Bookmark = { id, url, title: fetched.title, tags, createdAt: new Date().toISOString() };
    await c.env.BOOKMARKS.put(key(id), JSON.stringify(bookmark));
    return c.json(bookmark, 201, { location: `/api/bookmarks/${id}` });
  })
  .get("/:id", valid("param", byId), async (c) => {
    const { id } = c.req.valid("param");
    const bookmark = await c.env.BOOKMARKS.get<Bookmark>(key(id), "json");
    if (!bookmark) return c.json({ error: { code: "not_found", message: `No bookmark ${id}` } }, 404);
    return c.json(bookmark);
  })
  .delete("/:id", valid("param", byId), async (c) => {
    await c.env.BOOKMARKS.delete(key(c.req.valid("param").id));
    return c.body(null, 204);
  });

/**
 * The same key always gives the same id: the first 16 bytes of its SHA-256, laid out as a UUID
 * version 8 (the RFC 9562 layout for ids made by an application's own scheme).
 */
async function idFromKey(idempotency: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(idempotency))).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

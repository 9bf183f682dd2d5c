import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { bookmarks } from "./bookmarks";
import type { AppEnv } from "./env";
import { log, requestId } from "./log";

const app = new Hono<AppEnv>();

// One JSON line per request, with the request id that every other line of the request carries too.
app.use(async (c, next) => {
  const id = requestId(c.req.raw);
  c.set("requestId", id);
  const started = Date.now();
  await next();
  c.header("x-request-id", id);
  const status = c.res.status;
  log(status >= 500 ? "error" : "info", "request", { requestId: id, method: c.req.method, path: c.req.path, status, durationMs: Date.now() - started });
});

// Bodies are small JSON documents: refuse anything larger before reading it.
app.use(
  "/api/*",
  bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: { code: "payload_too_large", message: "The body is larger than 16 KiB" } }, 413) }),
);

app.get("/health", (c) => c.json({ status: "ok" }));
app.route("/api/bookmarks", bookmarks);

app.notFound((c) => c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

app.onError((error, c) => {
  if (error instanceof HTTPException) {
    return c.json({ error: { code: error.status === 400 ? "bad_request" : "http_error", message: error.message } }, error.status);
  }
  // Never echo internal details to the client; they are in the log line, found by the request id.
  log("error", "unhandled error", { requestId: c.get("requestId"), error: `${error.name}: ${error.message}`, stack: error.stack });
  return c.json({ error: { code: "internal_error", message: "Something went wrong on our side", requestId: c.get("requestId") } }, 500);
});

export default app;

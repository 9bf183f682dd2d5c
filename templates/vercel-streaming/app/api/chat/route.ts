import { jsonError, log } from "@/lib/log";
import { callModel, modelConfig, parseChatRequest, parseModelEvent } from "@/lib/model";
import { sseData, sseEvent } from "@/lib/sse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// The ceiling for one whole answer; vercel.json's functions entry sets the same. The model call's
// own deadline stays under it (lib/model.ts).
export const maxDuration = {{timeout}};

/**
 * POST /api/chat with `{ "messages": [{ "role": "user", "content": "..." }] }`: the model's answer as
 * server-sent events, passed on as they arrive: `start`, then one `token` per piece of text, then
 * `done`, or `error` when the model fails or goes quiet mid-answer. Errors before the first byte
 * are plain JSON with a status code.
 */
export async function POST(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-vercel-id") ?? crypto.randomUUID();
  const settings = modelConfig(maxDuration);
  if (!settings.ok) {
    log("error", "model API not configured", { requestId, missing: settings.missing });
    return jsonError(503, "not_configured", `The model API is not configured: set ${settings.missing.join(" and ")} in the project's environment variables.`);
  }
  const config = settings.config;

  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return jsonError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    return jsonError(400, "bad_request", "The body is not valid JSON.");
  }
  const body = parseChatRequest(json);
  if (!body.ok) return jsonError(422, "validation_failed", body.message);

  // Three ways the model call ends early: the client leaves (the request's signal), the whole answer
  // takes too long, or the model goes quiet for too long between pieces.
  const idle = new AbortController();
  const signal = AbortSignal.any([request.signal, AbortSignal.timeout(config.timeoutMs), idle.signal]);
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const waitingForModel = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => idle.abort(new DOMException(`the model sent nothing for ${config.idleTimeoutMs} ms`, "TimeoutError")), config.idleTimeoutMs);
  };
  const started = Date.now();

  let upstream: Response;
  try {
    waitingForModel();
    upstream = await callModel(config, body.value, signal);
  } catch (error) {
    clearTimeout(idleTimer);
    const timedOut = signal.reason instanceof DOMException && signal.reason.name === "TimeoutError";
    log("error", "model API call failed", { requestId, durationMs: Date.now() - started, error: describe(signal.aborted ? signal.reason : error) });
    return timedOut
      ? jsonError(504, "model_timeout", `The model API did not answer in time (request ${requestId}).`)
      : jsonError(502, "model_unreachable", `The model API could not be reached (request ${requestId}).`);
  }
  clearTimeout(idleTimer);
  if (!upstream.ok || !upstream.body) {
    await upstream.body?.cancel();
    log("error", "model API refused the request", { requestId, status: upstream.status });
    if (upstream.status === 429) {
      const retryAfter = upstream.headers.get("retry-after");
      return jsonError(429, "model_rate_limited", "The model API is rate limiting this project; try again later.", retryAfter ? { "retry-after": retryAfter } : {});
    }
    return jsonError(502, "model_error", `The model API answered ${upstream.status} (request ${requestId}).`);
  }

  const events = upstream.body.pipeThrough(new TextDecoderStream()).pipeThrough(sseData()).getReader();
  let tokens = 0;
  let finishReason: string | null = null;
  let finished = false;
  // Logs the stream's end once, whichever way it ends.
  const finish = (outcome: string, fields: Record<string, unknown> = {}) => {
    clearTimeout(idleTimer);
    if (finished) return;
    finished = true;
    log(outcome === "done" ? "info" : "warn", `chat stream ${outcome}`, { requestId, tokens, durationMs: Date.now() - started, ...fields });
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(sseEvent("start", { requestId }));
    },
    // Pulled as the client reads: a slow reader slows the model read instead of filling memory.
    async pull(controller) {
      try {
        for (;;) {
          waitingForModel();
          const { value, done } = await events.read();
          clearTimeout(idleTimer);
          const event = done ? ({ kind: "done" } as const) : parseModelEvent(value);
          if (event.kind === "text") {
            tokens += 1;
            controller.enqueue(sseEvent("token", { text: event.text }));
            return;
          }
          if (event.kind === "finish") finishReason = event.reason;
          if (event.kind === "error") throw new Error(event.message);
          if (event.kind === "done") {
            controller.enqueue(sseEvent("done", { tokens, finishReason }));
            controller.close();
            finish("done", { finishReason });
            void events.cancel().catch(() => undefined);
            return;
          }
        }
      } catch (error) {
        if (request.signal.aborted) {
          // The client left: cancel() has run or is about to, and nobody reads what is enqueued now.
          finish("cancelled by the client");
          try {
            controller.close();
          } catch {
            // already closed by cancel()
          }
          return;
        }
        const timedOut = signal.reason instanceof DOMException && signal.reason.name === "TimeoutError";
        const reason = signal.aborted ? signal.reason : error;
        finish("failed", { error: describe(reason) });
        controller.enqueue(sseEvent("error", { code: timedOut ? "model_timeout" : "model_error", message: timedOut ? describe(reason) : "the model's answer broke off", requestId }));
        controller.close();
        void events.cancel().catch(() => undefined);
      }
    },
    // The client went away: stop reading, which closes the connection to the model too.
    async cancel(reason) {
      finish("cancelled by the client");
      await events.cancel(reason).catch(() => undefined);
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      // Stops proxies such as nginx from holding the stream back.
      "x-accel-buffering": "no",
      "x-request-id": requestId,
    },
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

import { z } from "zod";
import { validationError } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = {{timeout}};

const eventsQuery = z
  .object({
    count: z.coerce.number().int().min(1).max(1000).default(10),
    intervalMs: z.coerce.number().int().min(10).max(60_000).default(1000),
  })
  // The platform cuts the response at maxDuration; refuse a stream that could not finish in time.
  .refine((query) => query.count * query.intervalMs < maxDuration * 1000, {
    message: `count x intervalMs must stay under maxDuration (${maxDuration} s)`,
  });

const encoder = new TextEncoder();

function frame(event: string, id: number, data: unknown): Uint8Array {
  return encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * Server-sent events: `count` "tick" events `intervalMs` apart, then one "done" event. Stops as
 * soon as the client disconnects, so an abandoned stream does not run on until maxDuration.
 */
export function GET(request: Request): Response {
  const query = eventsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return validationError(query.error);
  const { count, intervalMs } = query.data;

  let timer: ReturnType<typeof setInterval> | undefined;
  let open = true;
  // Runs once whichever comes first: the last event, the client cancelling, or the request aborting.
  const stop = (controller?: ReadableStreamDefaultController<Uint8Array>) => {
    clearInterval(timer);
    if (open) controller?.close();
    open = false;
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let sent = 0;
      const tick = () => {
        sent += 1;
        controller.enqueue(frame("tick", sent, { n: sent, of: count, time: new Date().toISOString() }));
        if (sent === count) {
          controller.enqueue(frame("done", sent + 1, { sent }));
          stop(controller);
        }
      };
      controller.enqueue(encoder.encode("retry: 3000\n\n"));
      tick();
      if (open) timer = setInterval(tick, intervalMs);
      request.signal.addEventListener("abort", () => stop(controller), { once: true });
    },
    cancel() {
      // The stream is already closed from the client's side: only the timer is left to stop.
      open = false;
      stop();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      // Stops proxies such as nginx from buffering the stream.
      "x-accel-buffering": "no",
    },
  });
}

/**
 * Server-sent events, both ways: reading the model API's stream and writing ours.
 * Format: https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** Splits decoded text into the `data` of each event (lines joined with "\n"); comments and other fields are dropped. */
export function sseData(): TransformStream<string, string> {
  let buffer = "";
  let data: string[] = [];
  const line = (text: string, controller: TransformStreamDefaultController<string>) => {
    if (text === "") {
      if (data.length > 0) controller.enqueue(data.join("\n"));
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? "" : text.slice(colon + 1).replace(/^ /, "");
    if (field === "data") data.push(value);
  };
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      buffer += chunk;
      // A "\r" at the very end may be the first half of "\r\n": keep it for the next chunk.
      const end = buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
      const lines = buffer.slice(0, end).split(/\r\n|\r|\n/);
      buffer = (lines.pop() ?? "") + buffer.slice(end);
      for (const text of lines) line(text, controller);
    },
    flush(controller) {
      if (buffer !== "") line(buffer.replace(/\r$/, ""), controller);
      line("", controller);
    },
  });
}

const encoder = new TextEncoder();

/** One event of our own stream: `event: <name>` and its JSON `data`. */
export function sseEvent(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

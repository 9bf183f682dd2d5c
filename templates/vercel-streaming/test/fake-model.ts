import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server standing in for the model API: it answers like an OpenAI-compatible chat
 * completions stream, one `data:` event per piece, and records what it was sent and whether the
 * caller hung up before the answer was over.
 */
export interface FakeModel {
  url: string;
  requests: Array<{ headers: IncomingMessage["headers"]; body: unknown }>;
  /** Resolves when a caller closes its connection before the answer is complete. */
  hungUp: Promise<void>;
  close(): Promise<void>;
}

export type Script = (response: ServerResponse, send: (text: string) => void, done: () => void) => void | Promise<void>;

export function chunk(text: string): string {
  return `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;
}

export async function startFakeModel(script: Script): Promise<FakeModel> {
  const requests: FakeModel["requests"] = [];
  let markHungUp: () => void = () => {};
  const hungUp = new Promise<void>((resolve) => (markHungUp = resolve));
  const server = createServer(async (request, response) => {
    let raw = "";
    for await (const part of request) raw += String(part);
    requests.push({ headers: request.headers, body: JSON.parse(raw || "null") });
    let complete = false;
    response.on("close", () => {
      if (!complete) markHungUp();
    });
    const send = (text: string) => {
      if (!response.headersSent) response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.write(chunk(text));
    };
    const done = () => {
      if (!response.headersSent) response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`);
      complete = true;
      response.end();
    };
    await script(response, send, done);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    requests,
    hungUp,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A promise and the function that settles it, to hold the fake model back until the test says so. */
export function gate(): { open: () => void; opened: Promise<void> } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

// A local stand-in for `awslambda`, the global the Lambda Node.js runtime gives response-streaming
// functions, so `npm run invoke` and the tests run the real handler outside Lambda. It keeps the
// documented contract (https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html,
// 2026-12-05): the runtime calls a streamifyResponse handler as (event, responseStream, context);
// HttpResponseStream.from(responseStream, { statusCode, headers, cookies }) sets the HTTP status and
// headers a function URL answers with, once, before the first byte of the body; responseStream is a
// Node.js Writable, and the response is over when it ends.
import { Writable } from "node:stream";

const STREAMING = Symbol("awslambda.streamifyResponse");

/** The responseStream handed to the handler: records each write as it arrives, and what `from` set. */
export class LocalResponseStream extends Writable {
  /** What HttpResponseStream.from set; undefined if the handler never called it. */
  metadata = undefined;
  contentType = "application/octet-stream";
  /** Every write, in order, with the milliseconds since the invocation started. */
  chunks = [];
  #started = performance.now();

  setContentType(contentType) {
    if (this.chunks.length > 0) throw new Error("setContentType after the first write: the headers are already sent");
    this.contentType = String(contentType);
  }

  _write(chunk, encoding, callback) {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    this.chunks.push({ text, ms: Math.round(performance.now() - this.#started) });
    this.emit("chunk", text);
    callback();
  }

  get body() {
    return this.chunks.map((chunk) => chunk.text).join("");
  }
}

export const HttpResponseStream = {
  from(stream, metadata) {
    if (!(stream instanceof LocalResponseStream)) throw new TypeError("HttpResponseStream.from expects the responseStream the handler was given");
    if (stream.metadata !== undefined) throw new Error("HttpResponseStream.from called twice: the status and headers are sent once");
    if (stream.chunks.length > 0) throw new Error("HttpResponseStream.from after the first write: the status and headers are already sent");
    if (!Number.isInteger(metadata?.statusCode)) throw new TypeError("HttpResponseStream.from needs metadata with a numeric statusCode");
    stream.metadata = { statusCode: metadata.statusCode, headers: { ...metadata.headers }, cookies: [...(metadata.cookies ?? [])] };
    // What the runtime marks such a response with, so the function URL reads the status and headers first.
    stream.contentType = "application/vnd.awslambda.http-integration-response";
    return stream;
  },
};

export function streamifyResponse(handler) {
  const streaming = (event, responseStream, context) => handler(event, responseStream, context);
  streaming[STREAMING] = true;
  return streaming;
}

/** Defines globalThis.awslambda, as the runtime does before it loads the handler's module. */
export function installAwsLambda() {
  globalThis.awslambda ??= { streamifyResponse, HttpResponseStream };
}

/**
 * Invokes a streaming handler as the runtime would and resolves once the response has ended, with the
 * stream (its metadata, chunks and body). `onChunk` sees each write the moment it happens, with the stream.
 */
export async function invokeStreaming(handler, event, context, onChunk) {
  if (handler?.[STREAMING] !== true) throw new Error("the handler is not wrapped in awslambda.streamifyResponse");
  const stream = new LocalResponseStream();
  if (onChunk) stream.on("chunk", (text) => onChunk(text, stream));
  const finished = new Promise((resolve, reject) => {
    stream.once("finish", resolve);
    stream.once("error", reject);
  });
  await handler(event, stream, context);
  if (!stream.writableEnded) throw new Error("the handler returned without ending the response stream (call end(), or write through stream/promises pipeline)");
  await finished;
  return stream;
}

/**
 * What the Vercel / Next.js Edge Runtime provides. Facts from Next.js: `SUPPORTED_NATIVE_MODULES`
 * (middleware-plugin.ts) and `EDGE_UNSUPPORTED_NODE_APIS` (shared/lib/constants.ts).
 */

/** Built-ins the Edge Runtime provides, bare or `node:`-prefixed. Subpaths such as `util/types` are not. */
export const EDGE_NATIVE_MODULES: ReadonlySet<string> = new Set(["buffer", "events", "assert", "util", "async_hooks"]);

/** Globals Next.js reports as unsupported in the Edge Runtime (its spelling `DomException` kept). */
export const EDGE_UNSUPPORTED_GLOBALS: ReadonlySet<string> = new Set([
  "clearImmediate",
  "setImmediate",
  "BroadcastChannel",
  "ByteLengthQueuingStrategy",
  "CompressionStream",
  "CountQueuingStrategy",
  "DecompressionStream",
  "DomException",
  "MessageChannel",
  "MessageEvent",
  "MessagePort",
  "ReadableByteStreamController",
  "ReadableStreamBYOBRequest",
  "ReadableStreamDefaultController",
  "TransformStreamDefaultController",
  "WritableStreamDefaultController",
]);


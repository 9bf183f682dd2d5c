/** What to use instead of a Node.js built-in in edge code, by platform. */
export type EdgePlatform = "vercel-edge" | "workers";

const COMMON: Record<string, string> = {
  crypto: "use the Web Crypto API: `crypto.subtle.digest()` for hashing, `crypto.subtle.sign()` for HMAC, `crypto.getRandomValues()` and `crypto.randomUUID()`",
  buffer: "use `Uint8Array` with `TextEncoder`/`TextDecoder`, and `atob`/`btoa` for base64",
  http: "use `fetch`",
  https: "use `fetch`",
  http2: "use `fetch`",
  url: "use the global `URL` and `URLSearchParams`",
  querystring: "use `URLSearchParams`",
  string_decoder: "use `TextDecoder`",
  punycode: "use the `URL` API, which converts international domain names",
  timers: "use the global `setTimeout`/`setInterval`",
  events: "use `EventTarget`",
  path: "work with `URL` objects or plain string operations on '/'-separated paths",
  fs: "import the data with the bundle (a JSON or text import), or read it from object storage over `fetch`",
  os: "take what you need from the request or the function's environment variables",
  child_process: "move this work to a Node.js function, a container or a queue consumer: there are no processes here",
  worker_threads: "move this work to a Node.js function or a queue consumer: there are no threads here",
  cluster: "drop it: the platform scales instances for you",
  vm: "precompile the code at build time instead of evaluating it at runtime",
  perf_hooks: "use the global `performance` object",
  async_hooks: "pass request data explicitly",
  util: "use the language and Web APIs instead (`structuredClone`, `TextEncoder`, template strings)",
  assert: "throw an `Error` when a check fails",
};

const VERCEL: Record<string, string> = {
  zlib: "run this on the Node.js runtime, or use a pure-JavaScript library such as fflate (`CompressionStream` is not available on the Edge Runtime either)",
  stream: "use Web Streams (`ReadableStream`, `TransformStream`)",
  net: "use an HTTP-based client for the service (for databases, a serverless HTTP driver): the Edge Runtime has no TCP sockets",
  tls: "use an HTTP-based client for the service: the Edge Runtime has no TCP sockets",
  dns: "use DNS over HTTPS with `fetch`",
};

const WORKERS: Record<string, string> = {
  zlib: "use `CompressionStream`/`DecompressionStream`",
  stream: "use Web Streams (`ReadableStream`, `TransformStream`)",
  net: "use `connect()` from `cloudflare:sockets`, and Hyperdrive for databases",
  tls: "use `connect()` from `cloudflare:sockets` with `secureTransport: \"on\"`",
  dns: "use DNS over HTTPS with `fetch`",
  async_hooks: "add the `nodejs_als` flag for `AsyncLocalStorage`, or pass request data explicitly",
  fs: "import the data with the bundle, or read it from KV or R2",
};

export function alternativeFor(base: string, platform: EdgePlatform): string {
  const specific = platform === "vercel-edge" ? VERCEL[base] : WORKERS[base];
  return specific ?? COMMON[base] ?? "use a Web API alternative, or move this code to a Node.js function";
}

/** Short code showing the Web API replacement, where one line says it best. */
const EXAMPLES: Record<string, string> = {
  crypto: 'const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));',
  buffer: "const bytes = new TextEncoder().encode(text);\nconst base64 = btoa(String.fromCharCode(...bytes));",
  http: "const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });",
  https: "const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });",
  url: "const { pathname, searchParams } = new URL(request.url);",
  querystring: "const params = new URLSearchParams(query);",
  string_decoder: "const text = new TextDecoder().decode(bytes);",
};

export function exampleFor(base: string): string | undefined {
  return EXAMPLES[base];
}

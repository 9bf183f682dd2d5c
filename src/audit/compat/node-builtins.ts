/**
 * Node.js built-in module names (Node 24), written out rather than read from `node:module` so
 * the audit's verdicts do not depend on the Node version coldstart itself runs on.
 */
const NAMES = [
  "_http_agent", "_http_client", "_http_common", "_http_incoming", "_http_outgoing", "_http_server",
  "_stream_duplex", "_stream_passthrough", "_stream_readable", "_stream_transform", "_stream_wrap",
  "_stream_writable", "_tls_common", "_tls_wrap",
  "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
  "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs", "fs/promises",
  "http", "http2", "https", "inspector", "inspector/promises", "module", "net", "os", "path", "path/posix",
  "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "readline/promises",
  "repl", "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys",
  "timers", "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm",
  "wasi", "worker_threads", "zlib",
];

/** Built-ins that exist only with the `node:` prefix. */
const PREFIX_ONLY = ["sea", "sqlite", "test", "test/reporters"];

const BARE = new Set(NAMES);
const ALL = new Set([...NAMES, ...PREFIX_ONLY]);

export interface BuiltinImport {
  /** Module name without the `node:` prefix, e.g. `fs/promises`. */
  name: string;
  /** Top-level module, e.g. `fs` for `fs/promises`. */
  base: string;
  prefixed: boolean;
}

/** The built-in a specifier names, or undefined for anything else (packages, relative paths). */
export function parseBuiltin(specifier: string): BuiltinImport | undefined {
  const prefixed = specifier.startsWith("node:");
  const name = prefixed ? specifier.slice(5) : specifier;
  if (!(prefixed ? ALL : BARE).has(name)) return undefined;
  return { name, base: name.split("/")[0]!, prefixed };
}

/** Quoted built-in specifiers, for a rule's text pre-scan. */
export const BUILTIN_SPECIFIER_PATTERN = new RegExp(
  `["'\`](?:node:[\\w/]+|(?:${[...BARE].map((n) => n.replace("/", "\\/")).join("|")}))["'\`]`,
);

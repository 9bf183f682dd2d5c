/**
 * Node.js compatibility in Cloudflare Workers, by compatibility date and flags. Facts from
 * workers-sdk (miniflare node-compat.ts, workers-utils compatibility-date.ts, unenv-preset
 * preset.ts) and the cloudflare-docs stub-module list, as of 2026-08.
 */
import type { BuiltinImport } from "./node-builtins.js";

/** null: none; als: only node:async_hooks; v1: node:-prefixed natives, no globals; v2: bare too, globals, unenv polyfills. */
export type NodeCompatMode = "none" | "als" | "v1" | "v2";

export const V2_DATE = "2024-09-23";
export const COMPAT_DEFAULT_DATE = "2026-08-04";

export function nodeCompatMode(date: string | undefined, flags: readonly string[]): NodeCompatMode {
  const d = date ?? "";
  const has = (flag: string) => flags.includes(flag);
  const compatOn = has("nodejs_compat") || has("nodejs_compat_v2") || (d >= COMPAT_DEFAULT_DATE && !has("no_nodejs_compat"));
  if (!compatOn) return has("nodejs_als") ? "als" : "none";
  if (has("no_nodejs_compat_v2")) return "v1";
  if (has("nodejs_compat_v2") || d >= V2_DATE) return "v2";
  return "v1";
}

/** Native with Node.js compatibility on, whatever the date (unenv-preset's native and hybrid modules). */
const NATIVE = new Set([
  "_stream_duplex", "_stream_passthrough", "_stream_readable", "_stream_transform", "_stream_writable",
  "_tls_common", "_tls_wrap", "assert", "assert/strict", "async_hooks", "buffer", "console", "constants",
  "crypto", "diagnostics_channel", "dns", "dns/promises", "events", "module", "net", "path", "path/posix",
  "path/win32", "process", "querystring", "stream", "stream/consumers", "stream/promises", "stream/web",
  "string_decoder", "sys", "timers", "timers/promises", "tls", "url", "util", "util/types", "zlib",
]);

export interface GatedModule {
  /** First compatibility_date on which workerd provides it. */
  date: string;
  /** What workerd provides from then on: a working module, or a stub whose functions throw. */
  status: "works" | "stub";
  enableFlag?: string;
  disableFlag?: string;
}

const gate = (date: string, status: GatedModule["status"], flag?: string): GatedModule =>
  flag ? { date, status, enableFlag: `enable_${flag}`, disableFlag: `disable_${flag}` } : { date, status };

const GATED: Record<string, GatedModule> = {
  http: gate("2025-08-15", "works", "nodejs_http_modules"),
  https: gate("2025-08-15", "works", "nodejs_http_modules"),
  _http_agent: gate("2025-08-15", "works", "nodejs_http_modules"),
  _http_client: gate("2025-08-15", "works", "nodejs_http_modules"),
  _http_common: gate("2025-08-15", "works", "nodejs_http_modules"),
  _http_incoming: gate("2025-08-15", "works", "nodejs_http_modules"),
  _http_outgoing: gate("2025-08-15", "works", "nodejs_http_modules"),
  _http_server: gate("2025-09-01", "works", "nodejs_http_server_modules"),
  http2: gate("2025-09-01", "stub"),
  os: gate("2025-09-15", "works", "nodejs_os_module"),
  fs: gate("2025-09-15", "works", "nodejs_fs_module"),
  "fs/promises": gate("2025-09-15", "works", "nodejs_fs_module"),
  vm: gate("2025-10-01", "stub"),
  punycode: gate("2025-12-04", "works"),
  cluster: gate("2025-12-04", "stub"),
  domain: gate("2025-12-04", "stub"),
  trace_events: gate("2025-12-04", "stub"),
  wasi: gate("2025-12-04", "stub"),
  inspector: gate("2026-01-29", "stub"),
  "inspector/promises": gate("2026-01-29", "stub"),
  sqlite: gate("2026-01-29", "stub"),
  dgram: gate("2026-01-29", "stub"),
  _stream_wrap: gate("2026-01-29", "stub"),
  child_process: gate("2026-03-17", "stub"),
  worker_threads: gate("2026-03-17", "stub"),
  readline: gate("2026-03-17", "stub"),
  "readline/promises": gate("2026-03-17", "stub"),
  repl: gate("2026-03-17", "stub"),
  tty: gate("2026-03-17", "stub"),
  v8: gate("2026-03-17", "stub"),
  perf_hooks: gate("2026-03-17", "works"),
};

export type WorkersVerdict =
  | { ok: true }
  | { ok: false; why: "no-compat" | "als-only" | "bare-in-v1" | "missing" }
  | { ok: false; why: "before-gate"; gate: GatedModule }
  | { ok: false; why: "stub"; gate?: GatedModule };

function gateOpen(g: GatedModule, date: string, flags: readonly string[]): boolean {
  if (g.disableFlag && flags.includes(g.disableFlag)) return false;
  if (g.enableFlag && flags.includes(g.enableFlag)) return true;
  return date >= g.date;
}

/** Whether a Worker with this date and these flags can use the built-in at runtime. */
export function workersBuiltinVerdict(mod: BuiltinImport, date: string | undefined, flags: readonly string[]): WorkersVerdict {
  const mode = nodeCompatMode(date, flags);
  if (mode === "none") return { ok: false, why: "no-compat" };
  if (mode === "als") return mod.prefixed && mod.name === "async_hooks" ? { ok: true } : { ok: false, why: "als-only" };
  if (mode === "v1" && !mod.prefixed) return { ok: false, why: "bare-in-v1" };
  if (NATIVE.has(mod.name)) return { ok: true };
  const g = GATED[mod.name];
  if (!g) return { ok: false, why: "missing" };
  if (!gateOpen(g, date ?? "", flags)) return { ok: false, why: "before-gate", gate: g };
  return g.status === "stub" ? { ok: false, why: "stub", gate: g } : { ok: true };
}

/** Whether Node's globals (`Buffer`, `process`, `setImmediate`, `global`) exist in this Worker. */
export function workersHasNodeGlobals(date: string | undefined, flags: readonly string[]): boolean {
  return nodeCompatMode(date, flags) === "v2";
}

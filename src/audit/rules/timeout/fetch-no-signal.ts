// Facts: docs/rules/timeout/fetch-no-signal.md (undici's 300 s header/body timeouts; axios and got have none by default; ky 10 s).
import { ts } from "ts-morph";
import { timeoutFacts, type Client, type OutboundCall } from "../../analysis/timeout-calls.js";
import { defineRule } from "../../define-rule.js";
import type { FunctionContext, RawFinding } from "../../types.js";
import { alsoReachedBy } from "../../analysis/shared-findings.js";
import { inUnusedExport } from "../../analysis/unused-exports.js";
import { bundledFiles } from "../../analysis/in-output.js";
import { isLoopbackUrl } from "../../analysis/loopback.js";
import { forwardedParameter, helperCallSites, signalProperty } from "../../analysis/helper-calls.js";
import { timeoutOptions } from "../../analysis/timeout-options.js";
import { platformDef } from "../../../platforms/index.js";


const DEFAULT: Record<Client, string> = {
  fetch: "fetch has no timeout of its own (Node's gives up only after 300 s without headers; Workers' not at all)",
  undici: "undici's request waits up to 300 s for the headers and 300 s more between body chunks",
  axios: "axios has no timeout by default",
  got: "got has no overall request timeout by default",
  ky: "ky's 10 s default is turned off",
  ofetch: "ofetch ($fetch) has no timeout by default",
};

const FIX: Record<Client, { text: string; example: string }> = {
  fetch: { text: "pass `signal: AbortSignal.timeout(ms)` (combine it with another signal through `AbortSignal.any([...])`)", example: "await fetch(url, { signal: AbortSignal.timeout(5_000) });" },
  undici: { text: "pass `signal: AbortSignal.timeout(ms)`, or set `headersTimeout` and `bodyTimeout` well below the 300 s defaults", example: "await request(url, { signal: AbortSignal.timeout(5_000) });" },
  axios: { text: "set `timeout` (ms) in the call's config or once on the instance with `axios.create({ timeout })`", example: "const api = axios.create({ baseURL, timeout: 5_000 });" },
  got: { text: "set `timeout: { request: ms }` on the call or once with `got.extend({ timeout: { request: ms } })`", example: "const client = got.extend({ timeout: { request: 5_000 } });" },
  ky: { text: "drop `timeout: false` or set a number of milliseconds, or pass `signal: AbortSignal.timeout(ms)`", example: "await ky.get(url, { timeout: 5_000 }).json();" },
  ofetch: { text: "set `timeout` (ms) on the call, or once with `$fetch.create({ timeout })`", example: "await $fetch(url, { timeout: 5_000 });" },
};


function position(sf: ts.SourceFile, node: ts.Node): { line: number; column: number } {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { line: line + 1, column: character + 1 };
}

/** Why the call can wait past the function's limit, or undefined when something bounds it. */
function problem(call: OutboundCall, axiosDefault: boolean): string | undefined {
  if (call.bound.kind === "unbounded") {
    return `has no working timeout (${call.bound.why})${call.client === "ky" ? "" : `, and ${DEFAULT[call.client]}`}`;
  }
  if (call.bound.kind !== "absent" || call.client === "ky") return undefined;
  if (call.client === "axios" && axiosDefault) return undefined;
  return `is called without ${call.client === "fetch" ? "a `signal`" : "a timeout"}, and ${DEFAULT[call.client]}`;
}

/**
 * A fetch whose options (or signal) are a parameter of the helper around it is trusted, unless a call
 * of that helper the function reaches passes none: followed one call out, as far as the callers
 * write them (a caller forwarding its own parameter is trusted in turn).
 */
function callersWithoutSignal(fnCtx: FunctionContext, file: string, call: OutboundCall) {
  if (call.client !== "fetch" || call.bound.kind !== "bounded") return [];
  const options = call.node.arguments[1];
  const whole = forwardedParameter(options);
  const fwd = whole ?? forwardedParameter(signalProperty(options));
  if (!fwd) return [];
  const out: Array<{ file: string; sf: ts.SourceFile; call: ts.CallExpression; helper: string; param: string; what: string }> = [];
  for (const site of helperCallSites(fnCtx, file, fwd)) {
    const arg = site.call.arguments[fwd.index];
    const missing = whole ? timeoutOptions("fetch", arg).kind !== "bounded" : arg === undefined || isNothing(arg);
    if (!missing || inUnusedExport(fnCtx, site.file, site.call)) continue;
    out.push({ ...site, helper: fwd.helper, param: fwd.param, what: arg === undefined ? `no \`${fwd.param}\`` : whole ? "options without a `signal`" : "no `signal`" });
  }
  return out;
}

function isNothing(e: ts.Expression): boolean {
  return e.kind === ts.SyntaxKind.NullKeyword || (e.getText() === "undefined");
}

export default defineRule({
  meta: {
    id: "timeout/fetch-no-signal",
    description: "Outbound HTTP call (fetch, undici, axios, got, ky, ofetch) without a timeout",
    defaultSeverity: "warning",
    platforms: ["vercel", "cloudflare-workers", "aws-lambda"],
    prescan: /\bfetch\b|\bofetch\b|\baxios\b|\bgot\b|\bky\b|\bundici\b/,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    // A shared helper reached by many functions is one problem: report it once, where it is written,
    // listing every function that reaches it (the wait in the message is the first function's).
    const seen = new Map<string, RawFinding>();
    const already = (key: string, fnId: string): boolean => {
      const first = seen.get(key);
      if (first) alsoReachedBy(first, fnId);
      return first !== undefined;
    };
    for (const fnCtx of ctx.functions) {
      // Code the bundle dropped (a helper imported for something else) never runs in this function.
      const files = bundledFiles(ctx, fnCtx);
      const parsed: Array<{ file: string; sf: ts.SourceFile }> = [];
      for (const file of files) {
        const sf = fnCtx.ast(file);
        if (sf) parsed.push({ file, sf });
      }
      const axiosDefault = parsed.some(({ sf }) => timeoutFacts(sf).setsAxiosDefault);
      const wait = platformDef(fnCtx.fn).wording.hungFetch(fnCtx.fn.runtime);
      for (const { file, sf } of parsed) {
        const facts = timeoutFacts(sf);
        const rel = ctx.relative(file);
        for (const call of facts.calls) {
          for (const site of callersWithoutSignal(fnCtx, file, call)) {
            const siteRel = ctx.relative(site.file);
            const at = position(site.sf, site.call);
            const key = `${siteRel}:${at.line}:${at.column}`;
            if (already(key, fnCtx.fn.id)) continue;
            const fix = FIX.fetch;
            const target = `\`fetch(…)\` in ${rel}:${position(sf, call.node).line}`;
            const finding: RawFinding = {
              message: `\`${site.helper}(…)\` passes ${site.what} to ${target} (its \`${site.param}\` parameter), and ${DEFAULT.fetch}, so a slow or stalled server holds this function ${wait}. Instead, ${fix.text} in this call or inside \`${site.helper}\` itself, set below the function's own time limit.`,
              file: siteRel,
              ...at,
              function: fnCtx.fn.id,
              chain: fnCtx.chainTo(site.file),
              fix: { description: `Instead, ${fix.text}.`, example: fix.example },
            };
            seen.set(key, finding);
            findings.push(finding);
          }
          const why = problem(call, axiosDefault);
          if (!why || inUnusedExport(fnCtx, file, call.node)) continue;
          // A server on the function's own host (a Lambda extension at localhost:2772) is not a network that can stall.
          if (isLoopbackUrl(call.node.arguments[0], sf)) continue;
          const at = position(sf, call.node);
          const key = `${rel}:${at.line}:${at.column}`;
          if (already(key, fnCtx.fn.id)) continue;
          const fix = FIX[call.client];
          const finding: RawFinding = {
            message: `\`${call.callee}(…)\` ${why}, so a slow or stalled server holds this function ${wait}. Instead, ${fix.text}, set below the function's own time limit.`,
            file: rel,
            ...at,
            function: fnCtx.fn.id,
            chain: fnCtx.chainTo(file),
            fix: { description: `Instead, ${fix.text}.`, example: fix.example },
          };
          seen.set(key, finding);
          findings.push(finding);
        }
        for (const inst of facts.looseInstances) {
          const at = position(sf, inst.node);
          const key = `${rel}:${at.line}:${at.column}`;
          if (inst.client === "axios" && axiosDefault) continue;
          if (already(key, fnCtx.fn.id)) continue;
          const why = inst.bound.kind === "unbounded" ? inst.bound.why : "it sets no timeout";
          const fix = FIX[inst.client];
          const finding: RawFinding = {
            message: `The exported ${inst.client} instance \`${inst.name}\` has no default timeout (${why}), so every call through it from other modules can wait ${wait}. Instead, ${fix.text}.`,
            file: rel,
            ...at,
            function: fnCtx.fn.id,
            chain: fnCtx.chainTo(file),
            fix: { description: `Instead, ${fix.text}.`, example: fix.example },
          };
          seen.set(key, finding);
          findings.push(finding);
        }
      }
    }
    return findings;
  },
});

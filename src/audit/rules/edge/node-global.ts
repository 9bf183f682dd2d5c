// Facts: docs/rules/edge/node-global.md (Next.js EDGE_UNSUPPORTED_NODE_APIS; miniflare node-compat modes).
import { defineRule } from "../../define-rule.js";
import { EDGE_UNSUPPORTED_GLOBALS } from "../../compat/vercel-edge.js";
import { V2_DATE } from "../../compat/workers-node.js";
import type { RawFinding } from "../../types.js";
import { describeWorkersConfig, leaveEdgeAdvice, type EdgeTarget } from "../../analysis/edge-target.js";
import { edgeFiles, position, type GlobalUse } from "../../analysis/file-facts.js";
import { guards } from "../../analysis/guards.js";

const NAMES = ["__dirname", "__filename", "require", "process", "Buffer", "global", ...EDGE_UNSUPPORTED_GLOBALS];

const INSTEAD: Record<string, string> = {
  __dirname: "import the file with the bundle (a JSON or text import), or build a URL with `new URL(\"./file\", import.meta.url)`",
  __filename: "use `import.meta.url`",
  require: "use `import` with a literal specifier, or `await import(\"./module.js\")`, so the bundler can include the module",
  setImmediate: "use `setTimeout(fn, 0)` or `queueMicrotask(fn)`",
  clearImmediate: "use `clearTimeout`",
  Buffer: "use `Uint8Array` with `TextEncoder`/`TextDecoder`, and `atob`/`btoa` for base64",
  global: "use `globalThis`",
  process: "read configuration from the `env` argument of your handler (`env.API_KEY`)",
  CompressionStream: "use a pure-JavaScript library such as fflate",
  DecompressionStream: "use a pure-JavaScript library such as fflate",
  BroadcastChannel: "call the code directly: there is no other context to message",
  MessageChannel: "call the code directly: there is no other context to message",
  MessagePort: "call the code directly: there is no other context to message",
  MessageEvent: "call the code directly: there is no other context to message",
  DomException: "use `DOMException`",
};

const PROCESS_INSTEAD: Record<string, string> = {
  nextTick: "use `queueMicrotask(fn)`",
  hrtime: "use `performance.now()`",
  cwd: "build paths from `import.meta.url`, or import the data with the bundle",
  exit: "return a `Response` (or throw) instead",
  version: "detect the Edge Runtime with `typeof EdgeRuntime === \"string\"`",
  versions: "detect the Edge Runtime with `typeof EdgeRuntime === \"string\"`",
  platform: "detect the Edge Runtime with `typeof EdgeRuntime === \"string\"`",
  memoryUsage: "measure on a Node.js function instead",
  emitWarning: "use `console.warn`",
};

const STREAM_CLASS = /Controller$|Request$|QueuingStrategy$/;

interface Verdict {
  what: string;
  why: string;
  instead: string;
}

function judge(target: EdgeTarget, use: GlobalUse): Verdict | undefined {
  const name = use.name;
  const isProcessMember = name.startsWith("process.");
  if (target.platform === "vercel-edge") {
    if (name === "process" || name === "Buffer" || name === "global" || name === "process.env") return undefined;
    if (isProcessMember) {
      const member = name.slice("process.".length);
      return {
        what: `\`${name}\` is not available in the Vercel Edge Runtime`,
        why: "only `process.env` exists there, so this is undefined or throws at runtime",
        instead: `${PROCESS_INSTEAD[member] ?? (target.fn.framework ? "keep it in code that runs only on Node.js" : "guard it with `process.env.NEXT_RUNTIME === \"nodejs\"`")}, ${leaveEdgeAdvice(target.fn)}`,
      };
    }
    return {
      what: `\`${name}\` is a Node.js global that the Vercel Edge Runtime does not provide`,
      why: name === "__dirname" || name === "__filename" || name === "require"
        ? "edge code is bundled into one module with no file system or CommonJS loader, so it throws ReferenceError"
        : "it is undefined there, so this throws ReferenceError",
      instead: `${insteadFor(name)}, ${leaveEdgeAdvice(target.fn)}`,
    };
  }
  if (name === "__dirname" || name === "__filename" || name === "require") {
    return {
      what: `\`${name}\` is not defined in Workers`,
      why: "wrangler bundles the Worker as one ES module with no file system or CommonJS loader, so it throws ReferenceError",
      instead: insteadFor(name),
    };
  }
  if (EDGE_UNSUPPORTED_GLOBALS.has(name) && name !== "setImmediate" && name !== "clearImmediate") return undefined;
  if (target.mode === "v2") return undefined;
  // A framework build (Nitro) that injects the global whatever the flags.
  if (target.fn.workers?.builtBy?.globals.includes(isProcessMember ? "process" : name)) return undefined;
  // wrangler replaces `process.env.NODE_ENV` at build time.
  if (name === "process.env" && use.envKey === "NODE_ENV") return undefined;
  const global = isProcessMember ? "process" : name;
  return {
    what: `\`${name}\` is not defined in this Worker (${describeWorkersConfig(target)})`,
    why: `Node.js globals such as \`${global}\` exist only with nodejs_compat and a compatibility_date of ${V2_DATE} or later, so this throws ReferenceError`,
    instead: `${insteadFor(global)}, or add "nodejs_compat" with a compatibility_date of ${V2_DATE} or later`,
  };
}

function insteadFor(name: string): string {
  return INSTEAD[name] ?? (STREAM_CLASS.test(name) ? "use the controller or strategy object the stream constructor hands you instead of the global class" : "use a Web API alternative");
}

export default defineRule({
  meta: {
    id: "edge/node-global",
    description: "Node.js-only global used in edge code whose runtime does not define it",
    defaultSeverity: "error",
    platforms: ["vercel", "cloudflare-workers"],
    prescan: new RegExp(`\\b(?:${NAMES.join("|")})\\b`),
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const { fnCtx, target, file, sf, facts } of edgeFiles(ctx)) {
      for (const use of facts.globals) {
        if (guards(use.guard, use.name)) continue;
        const verdict = judge(target, use);
        if (!verdict) continue;
        findings.push({
          message: `${verdict.what}: ${verdict.why}. Instead, ${verdict.instead}.`,
          file: ctx.relative(file),
          ...position(sf, use.node),
          function: fnCtx.fn.id,
          chain: fnCtx.chainTo(file),
          fix: { description: `Instead, ${verdict.instead}.` },
        });
      }
    }
    return findings;
  },
});

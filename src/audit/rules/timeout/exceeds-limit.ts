// Facts: docs/rules/timeout/exceeds-limit.md (Lambda 900 s; API Gateway 29 s REST / 30 s HTTP API / 29 s WebSocket API; Vercel 300 s Hobby, 800 s Pro).
import type { SourceLocation } from "../../../project/types.js";
import { defineRule } from "../../define-rule.js";
import type { RawFinding, Severity } from "../../types.js";
import { runtimeDef } from "../../../platforms/index.js";
import {
  HTTP_API_TIMEOUT_S,
  LAMBDA_MAX_TIMEOUT_S,
  VERCEL_MAX_DURATION_S,
  WEBSOCKET_API_TIMEOUT_S,
  isLambda,
  lambdaTimeoutKey,
  restApiTimeout,
  vercelPlan,
} from "../../analysis/timeout-limits.js";

interface Pending {
  at: SourceLocation;
  severity: Severity;
  functions: string[];
  message: (names: string) => string;
  fix: string;
}

export default defineRule({
  meta: {
    id: "timeout/exceeds-limit",
    description: "Function timeout above the platform's maximum or the API Gateway integration limit",
    defaultSeverity: "error",
    platforms: ["aws-lambda", "vercel"],
  },
  check(ctx) {
    // One Globals or vercel.json setting can cover many functions: one finding per place it is written.
    const byPlace = new Map<string, Pending>();
    const add = (key: string, name: string, make: () => Omit<Pending, "functions">) => {
      const existing = byPlace.get(key);
      if (existing) existing.functions.push(name);
      else byPlace.set(key, { ...make(), functions: [name] });
    };
    const plan = vercelPlan(ctx.settings);
    const restLimit = restApiTimeout(ctx.settings);

    for (const { fn } of ctx.functions) {
      if (isLambda(fn) && fn.lambda.timeout) {
        const { seconds, at } = fn.lambda.timeout;
        const key = lambdaTimeoutKey(fn.lambda);
        const place = `${at.file}:${at.line}:${at.column ?? 1}`;
        if (seconds > LAMBDA_MAX_TIMEOUT_S) {
          add(`${place}:max`, fn.lambda.name, () => ({
            at,
            severity: "error",
            message: (names) =>
              `${key} is ${seconds} s for ${names}, above Lambda's maximum of ${LAMBDA_MAX_TIMEOUT_S} s, so the deployment is rejected. Instead, set it to ${LAMBDA_MAX_TIMEOUT_S} s or less and move longer work to Step Functions, a queue of smaller jobs, or a container task.`,
            fix: `Instead, set ${key} to ${LAMBDA_MAX_TIMEOUT_S} s or less; split longer work with Step Functions or a queue.`,
          }));
          continue;
        }
        // An event source, never a bare invoke permission (it tells neither the API kind nor its integration);
        // a REST integration that streams its response runs up to 15 minutes, as long as Lambda allows.
        const rest = fn.lambda.triggers.find((t) => t.type === "api" && !t.permissionOnly && !t.streaming && !t.asynchronous);
        const http = fn.lambda.triggers.find((t) => t.type === "http-api" && !t.permissionOnly);
        const websocket = fn.lambda.triggers.find((t) => t.type === "websocket" && !t.permissionOnly);
        const gateway =
          rest && seconds > restLimit
            ? { trigger: rest, limit: restLimit, kind: "REST API" }
            : http && seconds > HTTP_API_TIMEOUT_S
              ? { trigger: http, limit: HTTP_API_TIMEOUT_S, kind: "HTTP API" }
              : websocket && seconds > WEBSOCKET_API_TIMEOUT_S
                ? { trigger: websocket, limit: WEBSOCKET_API_TIMEOUT_S, kind: "WebSocket API" }
                : undefined;
        if (gateway) {
          const raise =
            gateway.kind === "REST API"
              ? " If your account has a raised integration timeout for this REST API, set `lambda.apiGatewayTimeout` in coldstart's config."
              : gateway.kind === "WebSocket API"
                ? " The WebSocket API limit cannot be raised; a route that needs longer can acknowledge at once and post the result back to the connection through the @connections API."
                : " The HTTP API limit cannot be raised.";
          add(`${place}:${gateway.kind}`, fn.lambda.name, () => ({
            at,
            severity: "warning",
            message: (names) =>
              `${key} is ${seconds} s for ${names}, but its ${gateway.kind} trigger (${gateway.trigger.at.file}:${gateway.trigger.at.line}) gives up after ${gateway.limit} s: ${gateway.kind === "WebSocket API" ? "the route's integration fails (a two-way route answers the client with an error)" : "the client gets a 504"} while the function keeps running and billing. ` +
              `Instead, lower the timeout to ${gateway.limit - 1} s or less, or answer at once and finish the work asynchronously (a queue, Step Functions, or a Function URL with response streaming)${gateway.kind === "REST API" ? ", or stream the response through the REST API (`ResponseTransferMode: STREAM` on the integration, up to 15 minutes)" : ""}.${raise}`,
            fix: `Instead, keep the timeout below ${gateway.limit} s behind API Gateway, or hand long work to a queue.`,
          }));
        }
        continue;
      }
      const duration = fn.vercel?.maxDuration;
      // maxDuration is a Vercel setting, and only Node.js functions have one.
      if (!duration || runtimeDef(fn).isolate) continue;
      const { seconds, at } = duration;
      const place = `${at.file}:${at.line}:${at.column ?? 1}`;
      const name = fn.vercel!.route ?? fn.id;
      if (seconds > VERCEL_MAX_DURATION_S.pro || (plan === "hobby" && seconds > VERCEL_MAX_DURATION_S.hobby)) {
        const limit = plan === "hobby" ? VERCEL_MAX_DURATION_S.hobby : VERCEL_MAX_DURATION_S.pro;
        const which = plan === "hobby" ? "the Hobby plan's" : "Vercel's (Pro and Enterprise)";
        add(place, name, () => ({
          at,
          severity: "error",
          message: (names) =>
            `maxDuration is ${seconds} s for ${names}, above ${which} maximum of ${limit} s, so the deployment fails. Instead, set maxDuration to ${limit} or less and move longer work to a background job or queue${plan === "hobby" ? " (or upgrade to Pro for up to 800 s)" : ""}.`,
          fix: `Instead, set maxDuration to ${limit} s or less.`,
        }));
      }
      // Between Hobby's and Pro's maximum with no plan in the config: the audit took Pro from it
      // (plan-evidence.ts) and says so once in the report's plan line, instead of once per function.
    }

    const findings: RawFinding[] = [];
    for (const p of byPlace.values()) {
      const names = p.functions.length > 3 ? `${p.functions.slice(0, 3).join(", ")} and ${p.functions.length - 3} more` : p.functions.join(", ");
      findings.push({
        severity: p.severity,
        message: p.message(names),
        file: p.at.file,
        line: Math.max(p.at.line, 1),
        column: p.at.column ?? 1,
        fix: { description: p.fix },
      });
    }
    return findings;
  },
});

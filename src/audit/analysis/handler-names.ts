import type { FunctionInfo } from "../../project/types.js";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * The exports the platform calls for each request: what the adapter declared (a SvelteKit page's
 * `load` and `actions`, a React Router route's `loader` and `action`), a Lambda's handler, or the
 * route-handler names of Next.js, Vercel and Workers.
 */
export function handlerNames(fn: FunctionInfo): string[] {
  if (fn.handlers) return fn.handlers;
  if (fn.lambda) return [fn.lambda.handlerExport];
  return ["default", ...HTTP_METHODS, "middleware", "proxy", "handler"];
}

import { HttpError } from "./http";

export type Params = Record<string, string | undefined>;

export type Handler = (
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  params: Params,
) => Response | Promise<Response>;

export interface Route {
  method: string;
  pattern: URLPattern;
  handler: Handler;
}

export function route(method: string, pathname: string, handler: Handler): Route {
  return { method, pattern: new URLPattern({ pathname }), handler };
}

/** Runs the first route matching path and method; 404 or 405 (with Allow) otherwise. */
export async function dispatch(
  routes: readonly Route[],
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> {
  const allowed: string[] = [];
  for (const candidate of routes) {
    const match = candidate.pattern.exec(request.url);
    if (!match) continue;
    if (candidate.method === request.method) {
      return candidate.handler(request, env, ctx, match.pathname.groups);
    }
    allowed.push(candidate.method);
  }
  if (allowed.length > 0) {
    throw new HttpError(405, "method_not_allowed", `${request.method} is not allowed here; use ${allowed.join(", ")}`, {
      allow: allowed.join(", "),
    });
  }
  throw new HttpError(404, "not_found", `No route for ${new URL(request.url).pathname}`);
}

import { errorResponse } from "./http";
import { lookupPackage, parsePackageName } from "./packages";
import { dispatch, route } from "./router";

const routes = [
  route("GET", "/", () =>
    Response.json({ routes: ["GET /health", "GET /api/packages/:name (e.g. /api/packages/@types/node)"] }),
  ),
  route("GET", "/health", () => Response.json({ status: "ok" })),
  route("GET", "/api/packages/:name+", async (_request, env, ctx, params) => {
    const name = parsePackageName(params.name);
    const { summary, cache } = await lookupPackage(name, env, ctx);
    return Response.json(summary, {
      headers: { "cache-control": "public, max-age=60", "x-cache": cache },
    });
  }),
];

export default {
  async fetch(request, env, ctx): Promise<Response> {
    try {
      return await dispatch(routes, request, env, ctx);
    } catch (error) {
      return errorResponse(error, request);
    }
  },
} satisfies ExportedHandler<Env>;

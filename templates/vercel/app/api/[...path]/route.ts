import { jsonError } from "@/lib/http";

// Unknown /api paths answer in the API's JSON error shape rather than with Next's HTML 404 page.
function notFound(request: Request): Response {
  return jsonError(404, "not_found", `No route for ${request.method} ${new URL(request.url).pathname}.`);
}

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };

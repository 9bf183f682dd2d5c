export const dynamic = "force-static";

/** The API's front door: what is here and where to look. */
export function GET(): Response {
  return Response.json({
    name: "{{name}}",
    endpoints: {
      "GET /api/health": "liveness and database state",
      "GET /api/todos?limit=20": "list todos, newest first",
      "POST /api/todos": "create a todo: { title, done? }",
      "GET|PATCH|DELETE /api/todos/:id": "read, update or delete one todo",
      "GET /api/events?count=10&intervalMs=1000": "server-sent events stream",
    },
  });
}

import { jsonError, readJson, validationError, withErrors } from "@/lib/http";
import { todos } from "@/lib/todos/repository";
import { todoId, updateTodoInput } from "@/lib/todos/schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = {{timeout}};

interface Context {
  params: Promise<{ id: string }>;
}

function notFound(id: string): Response {
  return jsonError(404, "not_found", `No todo with id "${id}".`);
}

export async function GET(request: Request, context: Context): Promise<Response> {
  const { id } = await context.params;
  if (!todoId.safeParse(id).success) return notFound(id);
  return withErrors(request, async () => {
    const todo = await todos.get(id);
    return todo ? Response.json({ data: todo }) : notFound(id);
  });
}

export async function PATCH(request: Request, context: Context): Promise<Response> {
  const { id } = await context.params;
  if (!todoId.safeParse(id).success) return notFound(id);
  return withErrors(request, async () => {
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const patch = updateTodoInput.safeParse(body.value);
    if (!patch.success) return validationError(patch.error);
    const todo = await todos.update(id, patch.data);
    return todo ? Response.json({ data: todo }) : notFound(id);
  });
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  const { id } = await context.params;
  if (!todoId.safeParse(id).success) return notFound(id);
  return withErrors(request, async () => {
    const removed = await todos.remove(id);
    return removed ? new Response(null, { status: 204 }) : notFound(id);
  });
}

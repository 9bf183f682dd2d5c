import { readJson, validationError, withErrors } from "@/lib/http";
import { todos } from "@/lib/todos/repository";
import { createTodoInput, listTodosQuery } from "@/lib/todos/schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = {{timeout}};

export async function GET(request: Request): Promise<Response> {
  return withErrors(request, async () => {
    const query = listTodosQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return validationError(query.error);
    return Response.json({ data: await todos.list(query.data.limit) });
  });
}

export async function POST(request: Request): Promise<Response> {
  return withErrors(request, async () => {
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const input = createTodoInput.safeParse(body.value);
    if (!input.success) return validationError(input.error);
    const todo = await todos.create(input.data);
    return Response.json({ data: todo }, { status: 201, headers: { location: `/api/todos/${todo.id}` } });
  });
}

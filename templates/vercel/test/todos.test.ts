import { describe, expect, it } from "vitest";
import { DELETE, GET as getOne, PATCH } from "@/app/api/todos/[id]/route";
import { GET as list, POST } from "@/app/api/todos/route";

const base = "http://localhost/api/todos";

function post(body: unknown, contentType = "application/json"): Request {
  return new Request(base, {
    method: "POST",
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function context(id: string) {
  return { params: Promise.resolve({ id }) };
}

async function create(title: string): Promise<{ id: string; title: string; done: boolean }> {
  const response = await POST(post({ title }));
  expect(response.status).toBe(201);
  return (await response.json()).data;
}

describe("POST /api/todos", () => {
  it("creates a todo, trims the title and points to it", async () => {
    const response = await POST(post({ title: "  write tests  " }));

    expect(response.status).toBe(201);
    const { data } = await response.json();
    expect(data).toMatchObject({ title: "write tests", done: false });
    expect(response.headers.get("location")).toBe(`/api/todos/${data.id}`);
  });

  it("answers 422 with the failing fields", async () => {
    const response = await POST(post({ title: "", extra: true }));

    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue: { path: string }) => issue.path)).toEqual(expect.arrayContaining(["title"]));
  });

  it("answers 400 for malformed JSON and 415 for another content type", async () => {
    expect((await POST(post("{not json"))).status).toBe(400);
    expect((await POST(post("title=x", "application/x-www-form-urlencoded"))).status).toBe(415);
  });
});

describe("GET /api/todos", () => {
  it("lists the newest first and honours limit", async () => {
    await create("older");
    const newer = await create("newer");

    const response = await list(new Request(`${base}?limit=1`));

    expect(response.status).toBe(200);
    expect((await response.json()).data).toEqual([newer]);
  });

  it("rejects a limit out of range", async () => {
    const response = await list(new Request(`${base}?limit=1000`));
    expect(response.status).toBe(422);
  });
});

describe("/api/todos/[id]", () => {
  it("reads, updates and deletes one todo", async () => {
    const todo = await create("ship it");
    const url = `${base}/${todo.id}`;

    const read = await getOne(new Request(url), context(todo.id));
    expect((await read.json()).data).toEqual(todo);

    const patched = await PATCH(
      new Request(url, { method: "PATCH", headers: { "content-type": "application/json" }, body: '{"done":true}' }),
      context(todo.id),
    );
    expect(patched.status).toBe(200);
    expect((await patched.json()).data).toMatchObject({ id: todo.id, title: "ship it", done: true });

    expect((await DELETE(new Request(url, { method: "DELETE" }), context(todo.id))).status).toBe(204);
    expect((await getOne(new Request(url), context(todo.id))).status).toBe(404);
    expect((await DELETE(new Request(url, { method: "DELETE" }), context(todo.id))).status).toBe(404);
  });

  it("answers 404 for an id that is not a UUID", async () => {
    const response = await getOne(new Request(`${base}/nope`), context("nope"));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });

  it("refuses an empty patch", async () => {
    const todo = await create("unchanged");
    const response = await PATCH(
      new Request(`${base}/${todo.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: "{}" }),
      context(todo.id),
    );
    expect(response.status).toBe(422);
  });
});

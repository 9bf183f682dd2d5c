import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { createPostgresTodoRepository } from "@/lib/todos/postgres-repository";

/** Records each query and answers with the rows queued for it, like the driver would. */
function fakeDatabase(...answers: Record<string, unknown>[][]) {
  const calls: { text: string; params: unknown[] }[] = [];
  const database: Database = {
    async query<Row extends Record<string, unknown>>(text: string, params: unknown[] = []) {
      calls.push({ text, params });
      return (answers.shift() ?? []) as Row[];
    },
  };
  return { database, calls };
}

const row = {
  id: "3f1c2a9e-8d7b-4c6a-9e5f-1a2b3c4d5e6f",
  title: "from postgres",
  done: false,
  created_at: new Date("2026-01-02T03:04:05Z"),
  updated_at: "2026-01-02T03:04:06+00:00",
};

describe("Postgres todo repository", () => {
  it("maps rows to the API shape with ISO timestamps", async () => {
    const { database, calls } = fakeDatabase([row]);
    const todos = createPostgresTodoRepository(database);

    expect(await todos.list(5)).toEqual([
      {
        id: row.id,
        title: "from postgres",
        done: false,
        createdAt: "2026-01-02T03:04:05.000Z",
        updatedAt: "2026-01-02T03:04:06.000Z",
      },
    ]);
    expect(calls[0]?.params).toEqual([5]);
    expect(calls[0]?.text).toMatch(/limit \$1/);
  });

  it("passes values as parameters, never inside the SQL text", async () => {
    const { database, calls } = fakeDatabase([row], [row]);
    const todos = createPostgresTodoRepository(database);

    await todos.create({ title: "x'); drop table todos; --", done: false });
    await todos.update(row.id, { done: true });

    expect(calls[0]?.params).toEqual(["x'); drop table todos; --", false]);
    expect(calls[0]?.text).not.toContain("drop table");
    expect(calls[1]?.params).toEqual([row.id, null, true]);
  });

  it("reports a missing row as undefined or false", async () => {
    const { database } = fakeDatabase([], [], []);
    const todos = createPostgresTodoRepository(database);

    expect(await todos.get(row.id)).toBeUndefined();
    expect(await todos.update(row.id, { title: "t" })).toBeUndefined();
    expect(await todos.remove(row.id)).toBe(false);
  });
});

import type { TodoRepository } from "@/lib/todos/repository";
import type { Todo } from "@/lib/todos/schema";

/**
 * PLACEHOLDER storage: a Map in this instance's memory. Fine for `next dev` and tests; on Vercel
 * each instance keeps its own copy and loses it when the instance is recycled. Set DATABASE_URL to
 * switch to Postgres (see README, "Database").
 */
export function createMemoryTodoRepository(now: () => Date = () => new Date()): TodoRepository {
  const items = new Map<string, Todo>();

  return {
    async list(limit) {
      return [...items.values()].reverse().slice(0, limit);
    },
    async get(id) {
      return items.get(id);
    },
    async create(input) {
      const time = now().toISOString();
      const todo: Todo = { id: crypto.randomUUID(), title: input.title, done: input.done, createdAt: time, updatedAt: time };
      items.set(todo.id, todo);
      return todo;
    },
    async update(id, patch) {
      const current = items.get(id);
      if (!current) return undefined;
      const next: Todo = {
        ...current,
        title: patch.title ?? current.title,
        done: patch.done ?? current.done,
        updatedAt: now().toISOString(),
      };
      items.set(id, next);
      return next;
    },
    async remove(id) {
      return items.delete(id);
    },
  };
}

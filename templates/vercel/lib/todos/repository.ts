import { db } from "@/lib/db";
import { createMemoryTodoRepository } from "@/lib/todos/memory-repository";
import { createPostgresTodoRepository } from "@/lib/todos/postgres-repository";
import type { CreateTodoInput, Todo, UpdateTodoInput } from "@/lib/todos/schema";

/** What the route handlers need from storage; both implementations below satisfy it. */
export interface TodoRepository {
  list(limit: number): Promise<Todo[]>;
  get(id: string): Promise<Todo | undefined>;
  create(input: CreateTodoInput): Promise<Todo>;
  update(id: string, patch: UpdateTodoInput): Promise<Todo | undefined>;
  remove(id: string): Promise<boolean>;
}

/**
 * Postgres when DATABASE_URL is set, otherwise the in-memory placeholder. Chosen once per instance.
 * The in-memory store is for local development and tests only: every serverless instance has its
 * own copy and loses it on the next cold start.
 */
export const todos: TodoRepository = db ? createPostgresTodoRepository(db) : createMemoryTodoRepository();

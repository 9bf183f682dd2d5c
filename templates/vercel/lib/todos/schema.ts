import { z } from "zod";

export const todoId = z.uuid();

export const createTodoInput = z.strictObject({
  title: z.string().trim().min(1, "title must not be empty").max(200),
  done: z.boolean().default(false),
});

export const updateTodoInput = z
  .strictObject({
    title: z.string().trim().min(1, "title must not be empty").max(200).optional(),
    done: z.boolean().optional(),
  })
  .refine((value) => value.title !== undefined || value.done !== undefined, {
    message: "send at least one of title, done",
  });

export const listTodosQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type CreateTodoInput = z.infer<typeof createTodoInput>;
export type UpdateTodoInput = z.infer<typeof updateTodoInput>;

export interface Todo {
  id: string;
  title: string;
  done: boolean;
  createdAt: string;
  updatedAt: string;
}

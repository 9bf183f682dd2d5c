import type { Database } from "@/lib/db";
import type { TodoRepository } from "@/lib/todos/repository";
import type { Todo } from "@/lib/todos/schema";

/** Table definition: db/schema.sql. */
const COLUMNS = "id, title, done, created_at, updated_at";

type TodoRow = {
  id: string;
  title: string;
  done: boolean;
  created_at: Date | string;
  updated_at: Date | string;
};

function toTodo(row: TodoRow): Todo {
  return {
    id: row.id,
    title: row.title,
    done: row.done,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function createPostgresTodoRepository(db: Database): TodoRepository {
  return {
    async list(limit) {
      const rows = await db.query<TodoRow>(`select ${COLUMNS} from todos order by created_at desc limit $1`, [limit]);
      return rows.map(toTodo);
    },
    async get(id) {
      const [row] = await db.query<TodoRow>(`select ${COLUMNS} from todos where id = $1`, [id]);
      return row && toTodo(row);
    },
    async create(input) {
      const [row] = await db.query<TodoRow>(
        `insert into todos (title, done) values ($1, $2) returning ${COLUMNS}`,
        [input.title, input.done],
      );
      if (!row) throw new Error("insert into todos returned no row");
      return toTodo(row);
    },
    async update(id, patch) {
      const [row] = await db.query<TodoRow>(
        `update todos set title = coalesce($2, title), done = coalesce($3, done), updated_at = now()
         where id = $1 returning ${COLUMNS}`,
        [id, patch.title ?? null, patch.done ?? null],
      );
      return row && toTodo(row);
    },
    async remove(id) {
      const rows = await db.query<{ id: string }>("delete from todos where id = $1 returning id", [id]);
      return rows.length > 0;
    },
  };
}

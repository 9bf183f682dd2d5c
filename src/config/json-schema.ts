import * as z from "zod";
import { configSchema } from "./schema.js";

/** The published JSON Schema (schema/coldstart.schema.json), generated from the zod schema. */
export function buildJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { target: "draft-7", io: "input" }) as Record<string, unknown>;
  return { ...schema, $id: "https://unpkg.com/coldstart/schema/coldstart.schema.json", title: "coldstart configuration" };
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}

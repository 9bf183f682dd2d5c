import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildJsonSchema, renderJsonSchema } from "../../../src/config/json-schema.js";

const schemaFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../schema/coldstart.schema.json");

describe("published JSON Schema", () => {
  // Regenerate with: COLDSTART_UPDATE_SCHEMA=1 npx vitest run test/unit/config/json-schema.test.ts
  it("schema/coldstart.schema.json matches the zod schema", () => {
    const expected = renderJsonSchema();
    if (process.env.COLDSTART_UPDATE_SCHEMA === "1") writeFileSync(schemaFile, expected);
    expect(readFileSync(schemaFile, "utf8"), "schema file is stale: regenerate it (see the comment above)").toBe(expected);
  });

  it("describes every top-level setting and rejects unknown keys", () => {
    const schema = buildJsonSchema() as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(schema.properties).sort()).toEqual(["$schema", "bundle", "cost", "diff", "ignore", "lambda", "packages", "platform", "rules", "vercel", "workers"]);
    expect(schema.additionalProperties).toBe(false);
  });
});

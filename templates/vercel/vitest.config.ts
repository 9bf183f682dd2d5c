import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Tests use the in-memory store and the development write policy, whatever the shell exports.
    env: { DATABASE_URL: "", API_TOKEN: "" },
  },
});

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Tests set their own token and block list, whatever the shell exports.
    env: { API_TOKEN: "", BLOCKED_COUNTRIES: "" },
  },
});

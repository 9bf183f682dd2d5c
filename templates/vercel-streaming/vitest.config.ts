import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Tests start their own model server (test/fake-model.ts) and set the URL and key per test,
    // whatever the shell exports.
    env: { MODEL_API_URL: "", MODEL_API_KEY: "", MODEL: "", MODEL_TIMEOUT_MS: "", MODEL_IDLE_TIMEOUT_MS: "" },
  },
});

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Tests use the in-memory run store and their own secret and timeout, whatever the shell exports.
    env: { DATABASE_URL: "", CRON_SECRET: "test-secret-0123456789", UPSTREAM_TIMEOUT_MS: "200", STATUS_URL: "https://status.example.test/api/v2/status.json" },
  },
});

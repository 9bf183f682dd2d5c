import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests run offline: the billing service is a local fake (test/support/), never AWS.
    env: {
      AWS_REGION: "us-east-1",
      POWERTOOLS_LOG_LEVEL: "INFO",
    },
  },
});

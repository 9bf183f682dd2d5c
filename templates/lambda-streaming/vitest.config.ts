import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests run offline: the orders API is a local fake (test/support/), and `awslambda` a local stand-in (scripts/).
    env: {
      AWS_REGION: "us-east-1",
      POWERTOOLS_LOG_LEVEL: "INFO",
    },
  },
});

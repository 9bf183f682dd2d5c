import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests run offline: DynamoDB and the invoicing service are local fakes (test/support/), never AWS.
    env: {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      POWERTOOLS_LOG_LEVEL: "INFO",
    },
  },
});

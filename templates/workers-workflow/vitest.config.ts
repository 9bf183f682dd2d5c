import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        // The tests send to a stand-in email API (mocked in test/), with a timeout short enough to run quickly.
        bindings: { EMAIL_API_URL: "https://email.test/send", EMAIL_API_KEY: "test-key", EMAIL_TIMEOUT_MS: "100" },
        // Tests never reach the network: any fetch a test did not mock fails loudly.
        outboundService: (request) =>
          new Response(`Unmocked outbound request in a test: ${request.method} ${request.url}`, { status: 599 }),
      },
    }),
  ],
});

import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        // Short enough that the timeout test runs quickly; production uses the value in wrangler.jsonc.
        bindings: { UPSTREAM_TIMEOUT_MS: "200" },
        // Tests never reach the network: any fetch a test did not mock fails loudly.
        outboundService: (request) =>
          new Response(`Unmocked outbound request in a test: ${request.method} ${request.url}`, { status: 599 }),
      },
    }),
  ],
});

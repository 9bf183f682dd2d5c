import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        // Tests never reach the network: any fetch a test did not mock fails loudly.
        outboundService: (request) =>
          new Response(`Unmocked outbound request in a test: ${request.method} ${request.url}`, { status: 599 }),
      },
    }),
  ],
});

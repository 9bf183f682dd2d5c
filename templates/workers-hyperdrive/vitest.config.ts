import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Starts a real Postgres (PGlite over the wire protocol) and applies migrations/ before the tests.
    globalSetup: ["./test/global-setup.ts"],
  },
  plugins: [
    // A function, so it runs after the global setup and can point Hyperdrive at the database it started.
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        hyperdrives: { HYPERDRIVE: inject("databaseUrl") },
        // Tests never reach the network: any fetch a test did not mock fails loudly.
        outboundService: (request) =>
          new Response(`Unmocked outbound request in a test: ${request.method} ${request.url}`, { status: 599 }),
      },
    })),
  ],
});

import type { PlatformDef, Settings } from "./types.js";

const MiB = 1024 * 1024;

function workersPlan(settings: Settings): "free" | "paid" {
  const workers = settings.workers as { plan?: unknown } | undefined;
  return workers?.plan === "paid" ? "paid" : "free";
}

export const cloudflareWorkers = {
  id: "cloudflare-workers",
  name: "Cloudflare Workers",
  createTarget: "workers",
  runtimes: ["workerd"],
  limits: {
    fixedMemoryMb: { mb: 128, source: "https://developers.cloudflare.com/workers/platform/limits/", asOf: "2025-03-25" },
    cpuMs: { default: 30_000, max: 300_000, source: "https://developers.cloudflare.com/workers/platform/limits/ (cpu_ms up to 300,000: changelog 2025-03-25)", asOf: "2025-03-25" },
  },
  sizeLimits(_runtime, settings) {
    const paid = workersPlan(settings) === "paid";
    return [{
      measure: "gzip",
      bytes: (paid ? 10 : 3) * MiB,
      label: `the Workers ${paid ? "Paid" : "Free"} plan's ${paid ? 10 : 3} MiB compressed size limit`,
      source: "Cloudflare Workers limits; wrangler's bundle-reporter.ts",
    }];
  },
  concurrentRequests: true,
  cost: { billsInit: false, fixedMemory: true, memorySweep: false, coldStartRateWhy: "Workers bill no cold starts", initWhy: "Workers bill no init" },
  wording: {
    secretStore: "store it with `wrangler secret put NAME` (encrypted, never in wrangler config) and read it from `env.NAME`",
    secretExample: (name) => `npx wrangler secret put ${name}`,
    heavyDependency: () => "it counts against the Workers compressed size limit and the 1 s start-up limit",
    sizeAdvice: "and set `\"workers\": { \"plan\": \"paid\" }` in coldstart.config.json if the Worker is on the Paid plan (10 MiB)",
    startupLimit: "Its global scope must also run within the Workers 1 s start-up limit.",
    hungFetch: () => "and the Worker's response never comes: the visitor waits until their client gives up",
    clientPerInvocation:
      "a Worker opens a new connection for every request, so each request pays the connection handshake and the database's connection limit is reached under load",
    poolSize: { why: "a Worker's connections last one request", set: (limit) => `${limit} or less` },
  },
} as const satisfies PlatformDef<"cloudflare-workers">;

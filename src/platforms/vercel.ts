import type { PlatformDef } from "./types.js";

const MB = 1_000_000;

export const vercel = {
  id: "vercel",
  name: "Vercel",
  createTarget: "vercel",
  runtimes: ["nodejs", "edge"],
  limits: {
    // Vercel publishes no minimum; Lambda's is borrowed, as the default cold-start figures are.
    memoryMb: { min: 128, max: 4096, hobbyMax: 2048, source: "https://vercel.com/docs/functions/limitations", asOf: "2025-12-18" },
    durationS: { default: 300, max: 800, hobbyMax: 300, source: "https://vercel.com/docs/functions/limitations", asOf: "2025-12-18" },
  },
  sizeLimits: (runtime) =>
    runtime === "nodejs" ? [{ measure: "minified", bytes: 250 * MB, label: "Vercel's 250 MB unzipped function size limit", source: "vercel.com/docs/functions/limitations" }] : [],
  concurrentRequests: true,
  cost: {
    billsInit: true,
    memorySweep: false,
    fixedMemory: false,
    coldStartRateWhy: "Vercel publishes no rate; AWS reports under 1% on Lambda",
    initWhy: "Vercel publishes no figure; Node.js 22 init on Lambda is 125-150 ms",
  },
  wording: {
    secretStore: "add it as an Encrypted environment variable in the Vercel project settings (`vercel env add NAME`) and read it from `process.env.NAME`",
    secretExample: (name) => `vercel env add ${name} production`,
    heavyDependency: (runtime) =>
      runtime === "edge" ? "it counts against the Edge Runtime's code size and start-up" : "every new Vercel function instance loads it on its cold start",
    hungFetch: (runtime) =>
      runtime === "edge"
        ? "until the Edge Runtime's deadline for starting a response ends it, and the visitor gets a 504"
        : "until maxDuration ends the function, billed while it waits, and the visitor gets a 504",
    clientPerInvocation:
      "a Vercel function instance serves many requests, so a new client per request opens new connections every time and exhausts the database's connection limit under load",
    poolSize: { why: "even a Fluid instance serving many requests needs only a few", set: (limit) => `${limit} or less` },
  },
} as const satisfies PlatformDef<"vercel">;

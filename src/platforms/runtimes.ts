import type { RuntimeDef, RuntimeKind } from "./types.js";

const ISOLATE_START = { lowMs: 0, highMs: 5, what: "V8 isolate start", source: "Cloudflare: isolates start in under 5 ms (2020 blog)" };

export const RUNTIMES: Readonly<Record<RuntimeKind, RuntimeDef>> = {
  edge: {
    kind: "edge",
    label: "the Edge Runtime",
    bundle: { platform: "browser", conditions: ["edge-light", "worker", "browser"] },
    isolate: true,
    nodeApis: "vercel-edge",
    sharesConnections: false,
    isolateStart: ISOLATE_START,
  },
  nodejs: {
    kind: "nodejs",
    label: "Node.js",
    bundle: { platform: "node", conditions: ["node"] },
    isolate: false,
    nodeApis: undefined,
    sharesConnections: true,
  },
  workerd: {
    kind: "workerd",
    label: "Cloudflare Workers",
    bundle: { platform: "browser", conditions: ["workerd", "worker", "browser"] },
    isolate: true,
    nodeApis: "workers",
    sharesConnections: false,
    isolateStart: ISOLATE_START,
  },
};

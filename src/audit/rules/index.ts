import type { Rule } from "../types.js";

/**
 * Lazy registry: rule id -> module loader. The id equals the path of the rule file under this
 * folder (a test checks that the map and the folder agree). Add new rules here.
 */
export const ruleLoaders: Record<string, () => Promise<{ default: Rule }>> = {
  "edge/node-builtin": () => import("./edge/node-builtin.js"),
  "edge/node-global": () => import("./edge/node-global.js"),
  "edge/dynamic-code": () => import("./edge/dynamic-code.js"),
  "workers/compat-config": () => import("./workers/compat-config.js"),
  "next/edge-runtime-deprecated": () => import("./next/edge-runtime-deprecated.js"),
  "db/client-per-invocation": () => import("./db/client-per-invocation.js"),
  "db/unpooled": () => import("./db/unpooled.js"),
  "timeout/lambda-default": () => import("./timeout/lambda-default.js"),
  "timeout/exceeds-limit": () => import("./timeout/exceeds-limit.js"),
  "timeout/fetch-no-signal": () => import("./timeout/fetch-no-signal.js"),
  "bundle/heavy-dependency": () => import("./bundle/heavy-dependency.js"),
  "timeout/no-max-duration": () => import("./timeout/no-max-duration.js"),
  "bundle/size-budget": () => import("./bundle/size-budget.js"),
  "bundle/eager-import": () => import("./bundle/eager-import.js"),
  "lambda/aws-sdk-v2": () => import("./lambda/aws-sdk-v2.js"),
  "lambda/deprecated-runtime": () => import("./lambda/deprecated-runtime.js"),
  "lambda/default-memory": () => import("./lambda/default-memory.js"),
  "lambda/sqs-partial-batch": () => import("./lambda/sqs-partial-batch.js"),
  "lambda/no-reserved-concurrency": () => import("./lambda/no-reserved-concurrency.js"),
  "secrets/hardcoded": () => import("./secrets/hardcoded.js"),
};

export async function loadRules(ids: Iterable<string> = Object.keys(ruleLoaders)): Promise<Rule[]> {
  return Promise.all([...ids].map(async (id) => (await ruleLoaders[id]!()).default));
}

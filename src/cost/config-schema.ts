import { z } from "zod";

/** Traffic assumptions for one function in `cost.functions["<function id>"]`. */
export const costFunctionSchema = z.strictObject({
  invocations: z.number().nonnegative().optional().describe("invocations per month"),
  durationMs: z.number().nonnegative().optional().describe("average wall time per invocation, ms"),
  cpuMs: z.number().nonnegative().optional().describe("average CPU time per invocation, ms"),
  memoryMb: z.number().int().positive().optional().describe("memory, MB"),
  coldStartRate: z.number().min(0).max(1).optional().describe("share of invocations that start cold"),
  initMs: z.number().nonnegative().optional().describe("module init time of a cold start, ms"),
  concurrency: z.number().positive().optional().describe("Vercel: mean invocations sharing one instance"),
  ephemeralStorageMb: z.number().int().min(512).optional().describe("Lambda ephemeral storage, MB (512 free)"),
  measurePath: z
    .string()
    .regex(/^\//, "must start with /")
    .optional()
    .describe("--measure: path and query of the GET request sent to an HTTP function (default: its route with sample values, or / for a Worker)"),
});

/** The `cost` section of coldstart.config.json. Price overrides are validated by the cost module. */
export const costConfigSchema = z.strictObject({
  prices: z.record(z.string(), z.unknown()).optional().describe("price table overrides, same shape as --prices"),
  functions: z.record(z.string(), costFunctionSchema).optional().describe("traffic assumptions per function id"),
  defaults: costFunctionSchema.optional().describe("traffic assumptions for every function"),
});

export type CostConfig = z.infer<typeof costConfigSchema>;

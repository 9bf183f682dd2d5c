import * as z from "zod";
import { costConfigSchema } from "../cost/config-schema.js";
import { diffConfigSchema } from "../diff/budgets.js";
import { vercel } from "../platforms/vercel.js";

export const SEVERITY_SETTINGS = ["error", "warning", "info", "off"] as const;

const severitySetting = z.enum(SEVERITY_SETTINGS, {
  error: () => `expected one of ${SEVERITY_SETTINGS.join(", ")}`,
});

/** `"warning"`, or `{ "severity": "warning", ...rule options }`. */
const ruleSetting = z.union([severitySetting, z.looseObject({ severity: severitySetting.optional() })], {
  error: () => `expected one of ${SEVERITY_SETTINGS.join(", ")}, or an object with "severity" and rule options`,
});

export const workersSettingsSchema = z.strictObject({
  plan: z.enum(["free", "paid"], { error: () => "expected one of free, paid" }).optional().describe("Workers plan: sets CPU and size limits (when unset, paid if a wrangler config sets limits.cpu_ms above 10, tail_consumers, logpush = true or containers)"),
});

export const vercelSettingsSchema = z.strictObject({
  plan: z.enum(["hobby", "pro"], { error: () => "expected one of hobby, pro" }).optional().describe(`Vercel plan: sets the maxDuration limit (when unset, pro if vercel.json has crons more often than daily or several regions, or a maxDuration is above ${vercel.limits.durationS.hobbyMax} s)`),
});

export const bundleSettingsSchema = z.strictObject({
  budgetKb: z.number().positive().optional().describe("cold-start budget per function, minified KB (default 1024)"),
});

export const lambdaSettingsSchema = z.strictObject({
  apiGatewayTimeout: z
    .number()
    .positive()
    .optional()
    .describe("API Gateway integration timeout in seconds that Lambda timeouts are checked against (default 29)"),
});

const PLATFORM_IDS = ["vercel", "cloudflare-workers", "aws-lambda"] as const;
const platformSetting = z
  .enum(PLATFORM_IDS, { error: () => `expected one of ${PLATFORM_IDS.join(", ")}` })
  .describe("where a framework app deploys when its own config does not say (SvelteKit's adapter-auto, a Nitro app without a preset)");

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("path or URL of this JSON Schema, for editors"),
    rules: z.record(z.string().min(1), ruleSetting).optional().describe("rule id -> error, warning, info or off"),
    ignore: z.array(z.string()).optional().describe("globs of files (relative to the audited folder) to skip"),
    workers: workersSettingsSchema.optional(),
    vercel: vercelSettingsSchema.optional(),
    lambda: lambdaSettingsSchema.optional(),
    bundle: bundleSettingsSchema.optional(),
    platform: platformSetting.optional(),
    packages: z
      .record(z.string().min(1), z.strictObject({ platform: platformSetting.optional() }))
      .optional()
      .describe("settings for one workspace package, by its folder relative to the audited folder (`apps/web`)"),
    cost: costConfigSchema.optional().describe("traffic assumptions and price overrides for `coldstart cost`"),
    diff: diffConfigSchema.optional().describe("budgets that make `coldstart diff` exit 1"),
  })
  .describe("coldstart configuration (coldstart.config.json or package.json#coldstart)");

export type ColdstartConfig = z.infer<typeof configSchema>;

import { docsUrl } from "./define-rule.js";
import type { RuleMeta } from "./types.js";

/** Findings the engine itself reports; they have docs pages like any rule. */
export const PARSE_ERROR: RuleMeta = {
  id: "parse-error",
  description: "A file reachable from a function could not be parsed or bundled",
  defaultSeverity: "error",
  platforms: ["vercel", "cloudflare-workers", "aws-lambda"],
  docsUrl: docsUrl("parse-error"),
};

export const CONFIG_ERROR: RuleMeta = {
  id: "config-error",
  description: "A platform configuration file could not be read or has an invalid value",
  defaultSeverity: "error",
  platforms: ["vercel", "cloudflare-workers", "aws-lambda"],
  docsUrl: docsUrl("config-error"),
};

export const UNUSED_SUPPRESSION: RuleMeta = {
  id: "unused-suppression",
  description: "A coldstart-ignore comment that suppresses nothing",
  defaultSeverity: "info",
  platforms: ["vercel", "cloudflare-workers", "aws-lambda"],
  docsUrl: docsUrl("unused-suppression"),
};

export const BUILTIN_RULES: RuleMeta[] = [PARSE_ERROR, CONFIG_ERROR, UNUSED_SUPPRESSION];

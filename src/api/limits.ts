import { UsageError } from "../errors.js";
import { COST_LIMIT_HELP, parseCostLimit, parseSizeLimit, SIZE_LIMIT_HELP, type Limit } from "../diff/limits.js";

export function costLimit(text: string): Limit {
  const limit = parseCostLimit(text);
  if (!limit) throw new UsageError(`failOnIncrease: expected ${COST_LIMIT_HELP}, got "${text}".`);
  return limit;
}

export function sizeLimit(text: string): Limit {
  const limit = parseSizeLimit(text);
  if (!limit) throw new UsageError(`maxSizeIncrease: expected ${SIZE_LIMIT_HELP}, got "${text}".`);
  return limit;
}

/** A limit on an increase: a share of the base, or an amount (dollars a month, or bytes). */
export type Limit = { text: string; percent: number } | { text: string; amount: number };

const COST = /^\s*(?:\$\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*%)\s*$/;
const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(%|B|kB|KB|kb|MB|mb)\s*$/;
const UNIT: Record<string, number> = { B: 1, kB: 1000, KB: 1000, kb: 1000, MB: 1_000_000, mb: 1_000_000 };

export const COST_LIMIT_HELP = 'a percentage or a dollar amount a month, like "10%" or "$5"';
export const SIZE_LIMIT_HELP = 'a percentage or a size, like "10%", "20kB" or "1MB" (kB = 1,000 bytes)';

export function parseCostLimit(text: string): Limit | undefined {
  const m = COST.exec(text);
  if (!m) return undefined;
  return m[1] !== undefined ? { text: text.trim(), amount: Number(m[1]) } : { text: text.trim(), percent: Number(m[2]) };
}

export function parseSizeLimit(text: string): Limit | undefined {
  const m = SIZE.exec(text);
  if (!m) return undefined;
  return m[2] === "%" ? { text: text.trim(), percent: Number(m[1]) } : { text: text.trim(), amount: Number(m[1]) * UNIT[m[2]!]! };
}

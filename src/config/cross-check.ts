import type { ColdstartConfig } from "./schema.js";

export interface CrossCheckProblem {
  message: string;
  hint?: string;
}

/**
 * Checks the schema cannot express. An unknown rule id is an error, not a warning: a typo would
 * otherwise silently leave a rule at its default severity in CI.
 */
export function crossCheck(config: ColdstartConfig, knownRuleIds: ReadonlySet<string>): CrossCheckProblem | undefined {
  for (const id of Object.keys(config.rules ?? {})) {
    if (knownRuleIds.has(id)) continue;
    const suggestion = closest(id, [...knownRuleIds]);
    return {
      message: `rules.${id}: unknown rule id${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      hint: "Rule ids are listed in docs/rules/.",
    };
  }
  for (const [index, glob] of (config.ignore ?? []).entries()) {
    const where = `ignore[${index}]`;
    if (glob.trim() === "") return { message: `${where}: an empty pattern matches nothing` };
    if (glob.startsWith("/") || /^[A-Za-z]:[\\/]/.test(glob)) {
      return { message: `${where}: "${glob}" must be relative to the audited folder` };
    }
    if (glob.split("/").includes("..")) return { message: `${where}: "${glob}" points outside the audited folder` };
    if (glob.includes("\\")) return { message: `${where}: "${glob}" must use forward slashes` };
    if (/^(\.\/)?\*\*(\/\*)?$/.test(glob)) {
      return { message: `${where}: "${glob}" ignores every file`, hint: 'Turn rules off under "rules" instead.' };
    }
    const open = (glob.match(/\{/g) ?? []).length;
    const close = (glob.match(/\}/g) ?? []).length;
    if (open !== close) return { message: `${where}: "${glob}" has unbalanced braces` };
  }
  return undefined;
}

export function closest(id: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(id, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(id.length / 4))) return best;
  const tail = id.split("/").pop();
  return candidates.find((c) => c.split("/").pop() === tail);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const temp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = temp;
    }
  }
  return row[b.length]!;
}

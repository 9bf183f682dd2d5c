import type { Rule, RuleMeta } from "./types.js";

export const DOCS_BASE = "https://github.com/coldstart-dev/coldstart/blob/main/docs/rules";

export function docsUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}

/** A rule module's default export. The docs URL is derived from the id, so the two cannot drift. */
export function defineRule(rule: { meta: Omit<RuleMeta, "docsUrl">; check: Rule["check"] }): Rule {
  return { meta: { ...rule.meta, docsUrl: docsUrl(rule.meta.id) }, check: rule.check };
}

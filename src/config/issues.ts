import type * as z from "zod";

/** One line for the first issue: `rules.edge/node-builtin: expected one of error, warning, info, off`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return "invalid configuration";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `${formatIssue(first)}${more}`;
}

export function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    return `${where || "(top level)"}: unknown ${issue.keys.length === 1 ? "key" : "keys"} ${keys}`;
  }
  const message = issue.message.replace(/^Invalid input: /, "");
  return where ? `${where}: ${message}` : message;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

import { loadTemplates } from "../scaffold/registry.js";
import { templatesRoot } from "../scaffold/templates.js";
import type { Decision } from "./decide.js";
import { resolveHandOff, type HandOff } from "./handoff.js";

/** The decision's template, matched against the templates this coldstart ships (what `create --list` shows). */
export function handOffFor(decision: Decision): HandOff | null {
  if (!decision.template) return null;
  return resolveHandOff(
    decision.template,
    loadTemplates(templatesRoot()).map((t) => t.name),
  );
}

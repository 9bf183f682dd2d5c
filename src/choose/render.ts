import type { Colors } from "../cli/ui.js";
import { platformName } from "../platforms/index.js";
import type { Decision } from "./decide.js";
import type { HandOff } from "./handoff.js";


export function headline(decision: Decision): string {
  if (decision.platform === null) return "a traditional server (long-lived process)";
  return `${decision.runtime} on ${platformName(decision.platform)}`;
}

export function createCommand(handOff: HandOff): string {
  return `coldstart create my-app --template ${handOff.template}`;
}

/** The hand-off in words: which template, and when it is a stand-in, what to change in it. */
export function handOffLines(handOff: HandOff): string[] {
  const wanted = handOff.skipped[0];
  const lines = [`Template: ${handOff.template}${wanted ? ` (closest available; ${handOff.skipped.join(", ")} not in this coldstart yet)` : ""}`];
  if (handOff.change) lines.push(`  Change: ${handOff.change}.`);
  return lines;
}

/** The recommendation as plain lines: headline, a reason per answer, alternatives, template, assumed defaults. */
export function renderDecision(decision: Decision, assumed: string[], c: Colors, handOff?: HandOff): string {
  const lines = [`${c.bold("Recommendation:")} ${c.green(headline(decision))}`, "", c.bold("Why:")];
  for (const reason of decision.reasons) lines.push(`  - ${reason}`);
  if (decision.alternatives.length > 0) {
    lines.push("", c.bold(decision.platform === null ? "What to use instead:" : "Alternatives:"));
    for (const alt of decision.alternatives) lines.push(`  - ${alt}`);
  }
  if (handOff) lines.push("", ...handOffLines(handOff));
  if (assumed.length > 0) {
    lines.push("", c.dim(`Assumed (not given): ${assumed.join(", ")}`));
  }
  return lines.join("\n");
}

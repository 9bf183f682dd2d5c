import type { Colors } from "../cli/ui.js";
import { platformDef, platformName, type CreateTarget } from "../platforms/index.js";
import type { Decision, PlatformChoice } from "./decide.js";

export type { CreateTarget };

export function targetFor(platform: PlatformChoice | null): CreateTarget | null {
  return platform === null ? null : (platformDef(platform).createTarget as CreateTarget);
}

export function headline(decision: Decision): string {
  if (decision.platform === null) return "a traditional server (long-lived process)";
  return `${decision.runtime} on ${platformName(decision.platform)}`;
}

export function createCommand(target: CreateTarget): string {
  return `coldstart create my-app --target ${target}`;
}

/** The recommendation as plain lines: headline, a reason per answer, alternatives, assumed defaults. */
export function renderDecision(decision: Decision, assumed: string[], c: Colors): string {
  const lines = [`${c.bold("Recommendation:")} ${c.green(headline(decision))}`, "", c.bold("Why:")];
  for (const reason of decision.reasons) lines.push(`  - ${reason}`);
  if (decision.alternatives.length > 0) {
    lines.push("", c.bold(decision.platform === null ? "What to use instead:" : "Alternatives:"));
    for (const alt of decision.alternatives) lines.push(`  - ${alt}`);
  }
  if (assumed.length > 0) {
    lines.push("", c.dim(`Assumed (not given): ${assumed.join(", ")}`));
  }
  return lines.join("\n");
}

import path from "node:path";
import { quote } from "./options.js";
import { commandLine, installCommand, type DetectedPm } from "./package-manager.js";
import type { Template } from "./registry.js";

export interface NextStep {
  label: string;
  command: string;
}

/** `values` fills a step's {{placeholders}} (a queue named after the project, say). */
export function nextSteps(template: Pick<Template, "steps">, dir: string, cwd: string, pm: DetectedPm, installed: boolean, values: Record<string, string> = {}): NextStep[] {
  const steps: NextStep[] = [];
  const shown = displayPath(cwd, dir);
  if (shown !== ".") steps.push({ label: "cd", command: `cd ${quote(shown)}` });
  if (!installed) steps.push({ label: "install", command: installCommand(pm.name) });
  for (const step of template.steps) {
    steps.push({ label: step.label, command: commandLine(pm, step.command).replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match) });
  }
  return steps;
}

/** The folder as a person would type it: relative when inside cwd, absolute when it is elsewhere. */
export function displayPath(cwd: string, dir: string): string {
  const rel = path.relative(cwd, dir);
  if (rel === "") return ".";
  return rel.startsWith("..") || path.isAbsolute(rel) ? dir : rel;
}

/** A plain box for terminals without prompts; clack draws its own when interactive. */
export function box(title: string, lines: string[]): string {
  const width = Math.max(title.length + 2, ...lines.map((line) => line.length)) + 2;
  const top = `┌ ${title} ${"─".repeat(width - title.length - 2)}┐`;
  const body = lines.map((line) => `│ ${line.padEnd(width - 1)}│`);
  return [top, ...body, `└${"─".repeat(width)}┘`].join("\n");
}

export function formatSteps(steps: NextStep[]): string[] {
  const width = Math.max(...steps.map((step) => step.command.length));
  return steps.map((step) => (step.label === "cd" || step.label === "install" ? step.command : `${step.command.padEnd(width)}  # ${step.label}`));
}

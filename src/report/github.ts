import type { Severity } from "../audit/types.js";
import { printableData } from "./escape.js";
import type { Reporter } from "./shared.js";
import { fixAddsToMessage, summaryLine } from "./shared.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** Workflow-command data: %, CR and LF must be escaped. */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values additionally escape `:` and `,`, which separate properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** An annotation names this many of the functions a shared finding reaches; SARIF and JSON list them all. */
const SHOWN_FUNCTIONS = 10;

function functionList(ids: string[]): string {
  if (ids.length <= SHOWN_FUNCTIONS) return ids.join(", ");
  return `${ids.slice(0, SHOWN_FUNCTIONS).join(", ")} and ${ids.length - SHOWN_FUNCTIONS} more (${ids.length} in all; the JSON and SARIF reports list them)`;
}

/** GitHub Actions annotations (`::error file=…,line=…,col=…,title=…::message`), one per finding. */
export const github: Reporter = (raw, options = {}) => {
  // The log viewer renders ANSI sequences: project text is made printable first.
  const result = printableData(raw);
  const prefix = options.pathPrefix ? `${options.pathPrefix.replace(/\/+$/, "")}/` : "";
  const lines = result.findings.map((f) => {
    const props = [`file=${escapeProperty(prefix + f.file)}`];
    if (f.line > 0) props.push(`line=${f.line}`, `col=${f.column}`);
    props.push(`title=${escapeProperty(`coldstart ${f.ruleId}`)}`);
    let message = f.message;
    if (f.chain && f.chain.length > 1) message += `\nImport chain: ${f.chain.join(" -> ")}`;
    if (fixAddsToMessage(f)) message += `\nFix: ${f.fix!.description}`;
    if (f.function) message += `\n${f.functions ? "Functions" : "Function"}: ${functionList(f.functions ?? [f.function])}`;
    return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(message)}`;
  });
  lines.push(`coldstart audit: ${summaryLine(result)}`);
  return `${lines.join("\n")}\n`;
};

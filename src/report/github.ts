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
    if (f.function) message += `\n${f.functions ? "Functions" : "Function"}: ${(f.functions ?? [f.function]).join(", ")}`;
    return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(message)}`;
  });
  lines.push(`coldstart audit: ${summaryLine(result)}`);
  return `${lines.join("\n")}\n`;
};

import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Severity } from "../audit/types.js";
import { planLines } from "./groups.js";
import type { Reporter } from "./shared.js";
import { fixAddsToMessage, TOOL_NAME, TOOL_URI } from "./shared.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const BASE = "%SRCROOT%";
/**
 * GitHub code scanning rejects a run with more results than this (and shows the top 5,000 by
 * severity): https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit
 */
export const MAX_RESULTS = 25_000;
const SEVERITY_FIRST: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A path that stays under %SRCROOT%: no `..` step and not absolute. */
function insideRoot(relPath: string): boolean {
  return !relPath.startsWith("/") && !relPath.split("/").includes("..");
}

function uri(relPath: string): string {
  return relPath.split("/").map(encodeURIComponent).join("/");
}

/** Paths are made relative to the repository (pathPrefix = the audited folder within it), as code scanning expects. */
function baseFor(root: string, prefix: string): string {
  const depth = prefix ? prefix.split("/").length : 0;
  let base = root;
  for (let i = 0; i < depth; i++) base = path.dirname(base);
  return pathToFileURL(base).href.replace(/\/?$/, "/");
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export const sarif: Reporter = (result, options = {}) => {
  const prefix = (options.pathPrefix ?? "").replace(/\/+$/, "");
  const rel = (file: string) => (prefix ? `${prefix}/${file}` : file);
  const rules = result.rules.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|[/-])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    help: { text: `${rule.description}. See ${rule.docsUrl}`, markdown: `${rule.description}. [Documentation](${rule.docsUrl})` },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: ["serverless", ...rule.platforms] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const location = (file: string, line?: number, column?: number) => ({
    physicalLocation: {
      artifactLocation: { uri: uri(rel(file)), uriBaseId: BASE },
      ...(line && line > 0 ? { region: { startLine: line, ...(column && column > 0 ? { startColumn: column } : {}) } } : {}),
    },
  });
  const entryOf = new Map(result.functions.map((fn) => [fn.id, fn.entry]));
  // Most severe first, so that a cut keeps what matters; the order within a severity is the report's.
  const ordered = [...result.findings].sort((a, b) => SEVERITY_FIRST[a.severity] - SEVERITY_FIRST[b.severity]);
  const kept = ordered.slice(0, MAX_RESULTS);
  const results = kept.map((f) => {
    let text = f.message;
    if (fixAddsToMessage(f)) text += ` Fix: ${f.fix!.description}`;
    // A finding in a file outside the audited folder (a hoisted dependency) is shown at its function's entry.
    let locations = [location(f.file, f.line, f.column)];
    if (!insideRoot(rel(f.file))) {
      const entry = f.function ? entryOf.get(f.function) : undefined;
      text += ` (In ${f.file}, outside the audited folder.)`;
      locations = entry && insideRoot(rel(entry)) ? [location(entry)] : [];
    }
    return {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId)! } : {}),
      level: LEVEL[f.severity],
      message: { text },
      locations,
      ...(f.chain && f.chain.length > 1
        ? {
            // GitHub shows at most 100 locations of a result.
            relatedLocations: f.chain
              .slice(0, -1)
              .map((file, i) => ({ file, i }))
              .filter(({ file }) => insideRoot(rel(file)))
              .slice(0, 100)
              .map(({ file, i }, k) => ({
                id: k + 1,
                ...location(file),
                message: { text: i === 0 ? "function entry" : `imported from ${f.chain![i - 1]}` },
              })),
          }
        : {}),
      partialFingerprints: { "coldstartFingerprint/v1": f.fingerprint ?? "" },
      properties: {
        ...(f.function ? { function: f.function } : {}),
        ...(f.functions ? { functions: f.functions } : {}),
        ...(f.chain ? { chain: f.chain } : {}),
      },
    };
  });
  const notifications: Array<Record<string, unknown>> = result.notes.map((n) => ({
    level: "note",
    message: { text: `Not audited: ${n.message}` },
    ...(insideRoot(rel(n.file)) ? { locations: [location(n.file, n.line)] } : {}),
  }));
  // The plans read from the project, with all their evidence, each located at its first piece.
  const plans = result.plans ?? [];
  planLines(result, true).forEach((text, i) => {
    const first = plans[i]!.evidence[0];
    notifications.push({ level: "note", message: { text: `Plan: ${text}` }, ...(first && insideRoot(rel(first.file)) ? { locations: [location(first.file, first.line)] } : {}) });
  });
  const dropped = ordered.length - kept.length;
  if (dropped > 0) {
    notifications.unshift({
      level: "warning",
      message: {
        text: `${dropped.toLocaleString("en-US")} of ${ordered.length.toLocaleString("en-US")} results were left out, the least severe first: GitHub code scanning rejects a run with more than ${MAX_RESULTS.toLocaleString("en-US")} results. The json format has them all; a baseline or \`ignore\` narrows the audit.`,
      },
    });
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: options.version ?? "0.0.0", informationUri: TOOL_URI, rules } },
        originalUriBaseIds: { [BASE]: { uri: baseFor(result.root, prefix) } },
        columnKind: "utf16CodeUnits",
        ...(notifications.length > 0 ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

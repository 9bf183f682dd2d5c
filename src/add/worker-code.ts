import type { ts as TS } from "ts-morph";
import { loadTs, scriptKindFor } from "../project/source/typescript.js";
import type { FileChange } from "./types.js";

export type WorkerHandler = "scheduled" | "queue";

export interface WorkerCodeEdit {
  /** The edited entry file, when coldstart could add the handler itself. */
  change?: FileChange;
  /** What the person still has to do, when it could not (or what the new handler expects). */
  note: string;
}

const DOCS: Record<WorkerHandler, string> = {
  scheduled: "https://developers.cloudflare.com/workers/runtime-apis/handlers/scheduled/",
  queue: "https://developers.cloudflare.com/queues/configuration/javascript-apis/#consumer",
};

/**
 * Adds a `scheduled` or `queue` handler to the Worker's default export when it is an object literal
 * (`export default { fetch… }`, with or without `satisfies ExportedHandler<Env>`), by inserting the
 * method after the last member; nothing else in the file changes. Any other shape (a Hono app, a
 * WorkerEntrypoint class, a re-export) is left to a person, with a note saying what to add.
 */
export async function addWorkerHandler(file: string, text: string | undefined, handler: WorkerHandler, detail: { cron?: string; queue?: string; dlq?: string }): Promise<WorkerCodeEdit> {
  const byHand = (why: string): WorkerCodeEdit => ({ note: `${why}: give it a ${handler === "scheduled" ? "scheduled(controller, env, ctx)" : "queue(batch, env, ctx)"} handler (${DOCS[handler]}).` });
  if (text === undefined) return byHand(`The Worker's entry (${file}) was not found`);
  const ts = await loadTs();
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindFor(ts, file));
  if (hasSyntaxErrors(sf)) return byHand(`${file} does not parse, so coldstart did not edit it`);
  const exported = defaultExport(ts, sf);
  const object = exported && unwrap(ts, exported.expression);
  if (!object || !ts.isObjectLiteralExpression(object) || object.properties.length === 0) return byHand(`${file}'s default export is not an object literal coldstart can add to`);
  const existing = object.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === handler);
  if (existing) {
    const { line } = sf.getLineAndCharacterOfPosition(existing.getStart(sf));
    return { note: `${file}:${line + 1} already has a ${handler} handler: branch on ${handler === "scheduled" ? "controller.cron" : "batch.queue"} there for the new ${handler === "scheduled" ? "schedule" : "queue"}.` };
  }

  const typed = /\.[cm]?tsx?$/.test(file);
  const envType = typed ? envTypeOf(ts, sf, object, exported.expression !== object) : undefined;
  const last = object.properties[object.properties.length - 1]!;
  const lastLine = sf.getLineAndCharacterOfPosition(last.getStart(sf));
  const openLine = sf.getLineAndCharacterOfPosition(object.getStart(sf)).line;
  const multiline = lastLine.line > openLine;
  const indent = multiline ? (/^[ \t]*/.exec(text.split("\n")[lastLine.line] ?? "")?.[0] ?? "  ") : "  ";
  const method = methodText(handler, detail, envType).replace(/^(?=.)/gm, indent);
  // After the last member, its comma and a comment on the same line; the file's trailing-comma habit kept.
  const comma = object.properties.hasTrailingComma;
  const commaEnd = comma ? text.indexOf(",", last.end) + 1 : last.end;
  const commentEnd = ts.getTrailingCommentRanges(text, commaEnd)?.at(-1)?.end ?? commaEnd;
  const lineEnd = text.indexOf("\n", commentEnd);
  const at = multiline && lineEnd !== -1 && text.slice(commentEnd, lineEnd).trim() === "" ? lineEnd : commaEnd;
  const edited = `${text.slice(0, last.end)}${comma ? "" : ","}${text.slice(last.end, at)}\n${method}${multiline ? (comma ? "," : "") : "\n"}${text.slice(at)}`;
  const check = ts.createSourceFile(file, edited, ts.ScriptTarget.Latest, true, scriptKindFor(ts, file));
  if (hasSyntaxErrors(check)) return byHand(`${file}'s layout was unusual enough that the edit would not parse, so coldstart left it`);
  return { change: { path: file, before: text, after: edited }, note: handler === "scheduled" ? `${file} has a new scheduled() handler; runs are in UTC and may repeat, so key the work on controller.scheduledTime.` : `${file} has a new queue() handler: make the work idempotent on message.id (delivery is at least once).` };
}

function hasSyntaxErrors(sf: TS.SourceFile): boolean {
  return ((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0) > 0;
}

function defaultExport(ts: typeof TS, sf: TS.SourceFile): TS.ExportAssignment | undefined {
  return sf.statements.find((s): s is TS.ExportAssignment => ts.isExportAssignment(s) && !s.isExportEquals);
}

/** `{…} satisfies X`, `{…} as X` and parentheses around the object. */
function unwrap(ts: typeof TS, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isSatisfiesExpression(current) || ts.isAsExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/**
 * The type to write on the new handler's `env`: the one an existing member's second parameter is
 * annotated with, none when the object is typed as a whole (`satisfies ExportedHandler<Env>` gives
 * the parameters their types), `unknown` otherwise.
 */
function envTypeOf(ts: typeof TS, sf: TS.SourceFile, object: TS.ObjectLiteralExpression, typedAsWhole: boolean): string | undefined {
  for (const member of object.properties) {
    const fn = ts.isMethodDeclaration(member) ? member : ts.isPropertyAssignment(member) && (ts.isFunctionExpression(member.initializer) || ts.isArrowFunction(member.initializer)) ? member.initializer : undefined;
    const annotation = fn?.parameters[1]?.type;
    if (annotation) return annotation.getText(sf);
  }
  return typedAsWhole ? "" : "unknown";
}

function methodText(handler: WorkerHandler, detail: { cron?: string; queue?: string; dlq?: string }, envType: string | undefined): string {
  // envType: undefined = JavaScript (no annotations), "" = typed by the object's own type, else the type.
  const t = (annotation: string) => (envType === undefined || envType === "" ? "" : `: ${annotation}`);
  const env = envType === undefined || envType === "" ? "" : `: ${envType}`;
  if (handler === "scheduled") {
    return [
      `/** Cron Trigger "${detail.cron}" (wrangler config triggers.crons), in UTC; a run may repeat, so key the work on controller.scheduledTime. */`,
      `async scheduled(controller${t("ScheduledController")}, env${env}, ctx${t("ExecutionContext")})${t("Promise<void>")} {`,
      `  console.log(JSON.stringify({ message: "scheduled run", cron: controller.cron, scheduledTime: controller.scheduledTime }));`,
      "  // Your work here; give every outbound call a timeout (AbortSignal.timeout).",
      "  void env;",
      "  void ctx;",
      "}",
    ].join("\n");
  }
  return [
    `/** Messages from the queue "${detail.queue}": each is acked when done or retried; after max_retries it goes to ${detail.dlq}. */`,
    `async queue(batch${t("MessageBatch<unknown>")}, env${env})${t("Promise<void>")} {`,
    "  for (const message of batch.messages) {",
    "    try {",
    "      // Your work here, idempotent on message.id (delivery is at least once).",
    "      message.ack();",
    "    } catch (error) {",
    `      console.error(JSON.stringify({ message: "message failed", id: message.id, attempts: message.attempts, error: String(error) }));`,
    "      message.retry();",
    "    }",
    "  }",
    "  void env;",
    "}",
  ].join("\n");
}

/**
 * `http` in a Worker: a GET route added to a Hono app (`const app = new Hono()` … `export default app`),
 * inserted just above the default export so it is registered before the app serves. A Worker whose
 * default export is something else routes in its own way, which coldstart does not guess.
 */
export async function addHonoRoute(file: string, text: string | undefined, name: string): Promise<FileChange | string> {
  if (text === undefined) return `the Worker's entry (${file}) was not found`;
  const ts = await loadTs();
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindFor(ts, file));
  if (hasSyntaxErrors(sf)) return `${file} does not parse`;
  const exported = defaultExport(ts, sf);
  const app = exported && unwrap(ts, exported.expression);
  const honoImported = sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === "hono");
  const declared =
    app && ts.isIdentifier(app)
      ? sf.statements.some(
          (s) =>
            ts.isVariableStatement(s) &&
            s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === app.text && d.initializer !== undefined && ts.isNewExpression(d.initializer) && d.initializer.expression.getText(sf) === "Hono"),
        )
      : false;
  if (!exported || !app || !ts.isIdentifier(app) || !honoImported || !declared) return `${file}'s default export is not a Hono app (\`export default app\` with \`const app = new Hono()\`)`;
  const route = `/${name}`;
  if (new RegExp(`\\b${app.text}\\.(get|all|on)\\(\\s*["'\`]${route}["'\`]`).test(text)) return `${file} already has a route for ${route}`;
  const at = exported.getFullStart() + (/^\s*/.exec(text.slice(exported.getFullStart(), exported.getStart(sf)))?.[0].length ?? 0);
  const handler = [
    `// GET ${route}: keep outbound calls short (fetch with AbortSignal.timeout) and log with the request id.`,
    `${app.text}.get("${route}", (c) => {`,
    `  console.log(JSON.stringify({ message: "request", route: "${route}", requestId: c.req.header("cf-ray") }));`,
    "  return c.json({ ok: true });",
    "});",
    "",
    "",
  ].join("\n");
  const edited = text.slice(0, at) + handler + text.slice(at);
  if (hasSyntaxErrors(ts.createSourceFile(file, edited, ts.ScriptTarget.Latest, true, scriptKindFor(ts, file)))) return `the edit to ${file} would not parse`;
  return { path: file, before: text, after: edited };
}

/** `new lambda.Function(...)`: the source file its `handler` names inside its `Code.fromAsset` folder. */
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { className, evaluatePath, runtimeId } from "./cdk-expressions.js";
import { known, valueOf, written, type Prop, type Props, type Src } from "./cdk-props.js";
import { addNote, addProblem, type ScanContext } from "../../context.js";
import { isFile, relativeTo } from "../../files.js";
import { inlineEntry, inlineHandlerExport, locateInline } from "../lambda/inline-code.js";
import { entryProblem, resolveLambdaEntry, splitHandler } from "../lambda/lambda-entry.js";
import type { InlineCode } from "../../types.js";
import { lineOf, literalValue } from "../../source/typescript.js";

export interface FunctionQuery {
  ctx: ScanContext;
  ts: typeof TS;
  props: Props;
  name: string;
  appDir: string;
  node: TS.NewExpression;
  src: Src;
}

export interface ConstructCode {
  entry: string;
  handlerExport: string;
  inline?: InlineCode;
}

export async function functionEntry(q: FunctionQuery): Promise<ConstructCode | undefined> {
  const { ctx, ts, props, name } = q;
  const note = (at: { node: TS.Node; src: Src } | undefined, message: string) => {
    const { node, src } = at ?? q;
    addNote(ctx, src.abs, lineOf(src.sf, node), `${name}${message.startsWith("runs ") ? " " : ": "}${message}`);
  };
  const runtime = known(props, "runtime");
  const runtimeExpr = runtime ? valueOf(ts, runtime.value).expr : undefined;
  const member = runtimeExpr && ts.isPropertyAccessExpression(runtimeExpr) ? runtimeExpr.name.text : undefined;
  if (member && !member.startsWith("NODEJS")) {
    note(runtime, `runs ${runtimeId(member)}; coldstart audits JavaScript and TypeScript only`);
    return undefined;
  }

  const code = written(props, "code");
  const codeExpr = code ? valueOf(ts, code.value) : undefined;
  const call = codeExpr && (ts.isCallExpression(codeExpr.expr) || ts.isNewExpression(codeExpr.expr)) ? codeExpr.expr : undefined;
  const how = call ? className(ts, call.expression) : undefined;
  if (code && codeExpr && call && (how === "fromInline" || how === "InlineCode")) return inlineEntryOf(q, call, code);
  if (!code || !codeExpr || (how !== "fromAsset" && how !== "AssetCode")) {
    note(code, `its code ${codeExpr ? `(${codeExpr.expr.getText()}) ` : ""}is not a local folder coldstart can read, so it is not audited`);
    return undefined;
  }
  const assetArg = call?.arguments?.[0];
  const asset = assetArg ? valueOf(ts, { ...codeExpr, expr: assetArg }) : undefined;
  const dir = asset ? evaluatePath(ts, asset.expr, path.dirname(asset.src.abs), q.appDir) : undefined;
  if (!dir) {
    note(code, `the code folder ${assetArg?.getText() ?? ""} cannot be read statically, so it is not audited`);
    return undefined;
  }
  if (/\.(zip|jar)$/i.test(dir)) {
    note(code, `its code is a packaged archive (${relativeTo(ctx.root, dir)}), so it is not audited`);
    return undefined;
  }

  const handler = written(props, "handler");
  const handlerValue = handler ? literalValue(ts, valueOf(ts, handler.value).expr) : undefined;
  if (typeof handlerValue !== "string") {
    note(handler, "its handler cannot be read statically, so it is not audited");
    return undefined;
  }
  const { file, exportName } = splitHandler(handlerValue);
  const resolved = await resolveLambdaEntry({ baseDir: q.appDir, codeDir: dir, handlerFile: file, packageRoot: ctx.pkgRoot, boundary: ctx.boundary });
  if (resolved.entry) return { entry: resolved.entry, handlerExport: exportName };
  if (resolved.refused) {
    addProblem(ctx, handler!.src.abs, lineOf(handler!.src.sf, handler!.node), `${name}: ${entryProblem(resolved, `handler ${handlerValue}`, ctx.root)}`);
    return undefined;
  }
  if (!/\.[cm]?[jt]s$/.test(handlerValue) && (await isFile(path.join(dir, handlerValue), ctx.boundary))) {
    // `handler: "run.sh"` with a wrapper (Lambda Web Adapter's AWS_LAMBDA_EXEC_WRAPPER): a script, not a JS export.
    note(handler, `its handler ${handlerValue} is a script run by a wrapper, not a JavaScript export, so it is not audited`);
    return undefined;
  }
  const message = entryProblem(resolved, `handler ${handlerValue}`, ctx.root);
  // With a runtime that is not known to be Node.js, the code may well be in another language.
  if (member) addProblem(ctx, handler!.src.abs, lineOf(handler!.src.sf, handler!.node), `${name}: ${message}`);
  else note(handler, `${message}, so it is not audited`);
  return undefined;
}

/** `Code.fromInline("...")`: the string as written in the CDK source, analysed where it is written. */
function inlineEntryOf(q: FunctionQuery, call: TS.CallExpression | TS.NewExpression, code: Prop): ConstructCode | undefined {
  const { ctx, ts, props, name } = q;
  const arg = call.arguments?.[0];
  const literal = arg ? valueOf(ts, { ...code.value, expr: arg }) : undefined;
  const text = literal ? literalValue(ts, literal.expr) : undefined;
  if (!literal || typeof text !== "string") {
    addNote(ctx, code.src.abs, lineOf(code.src.sf, code.node), `${name}: its inline code is not a string literal coldstart can read, so it is not audited`);
    return undefined;
  }
  const handler = written(props, "handler");
  const handlerValue = handler ? literalValue(ts, valueOf(ts, handler.value).expr) : undefined;
  return {
    entry: inlineEntry(literal.src.abs, name),
    handlerExport: inlineHandlerExport(typeof handlerValue === "string" ? handlerValue : undefined),
    inline: locateInline(literal.src.abs, literal.src.sf.text, lineOf(literal.src.sf, literal.expr), text),
  };
}

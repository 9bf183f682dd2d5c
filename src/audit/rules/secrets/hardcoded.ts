// Facts: docs/rules/secrets/hardcoded.md (vendor token formats; reference/audit.md section 5).
import path from "node:path";
import { ts } from "ts-morph";
import type { FunctionInfo, SourceLocation } from "../../../project/types.js";
import { SECRET_PRESCAN, findSecrets, isTestPath, type SecretMatch } from "../../analysis/secret-patterns.js";
import { defineRule } from "../../define-rule.js";
import type { RawFinding, RuleContext } from "../../types.js";
import { alsoReachedBy } from "../../analysis/shared-findings.js";
import { platformDef } from "../../../platforms/index.js";

/** The variable name the fix example uses: the config's own name, else the usual one for the kind of secret. */
function envName(m: SecretMatch): string {
  const usual: Array<[RegExp, string]> = [
    [/^Stripe live secret/, "STRIPE_SECRET_KEY"],
    [/^Stripe live restricted/, "STRIPE_RESTRICTED_KEY"],
    [/^AWS access key id/, "AWS_ACCESS_KEY_ID"],
    [/^AWS secret access key/, "AWS_SECRET_ACCESS_KEY"],
    [/^GitHub/, "GITHUB_TOKEN"],
    [/^Slack webhook/, "SLACK_WEBHOOK_URL"],
    [/^Slack/, "SLACK_TOKEN"],
    [/^Anthropic/, "ANTHROPIC_API_KEY"],
    [/^OpenAI/, "OPENAI_API_KEY"],
    [/^private key/, "PRIVATE_KEY"],
    [/^rediss? URL/, "REDIS_URL"],
    [/URL with a password$/, "DATABASE_URL"],
  ];
  return usual.find(([re]) => re.test(m.kind))?.[1] ?? "SECRET_VALUE";
}

function advice(platform: FunctionInfo["platform"], inConfig: boolean, m: SecretMatch): string {
  const what = m.kind.endsWith("password") ? "password" : "key";
  const where = inConfig ? "this file is committed and its values are visible to anyone who can read the repository or the deployment" : "anyone with the source, the bundle or its source map can read it";
  return `${where}. Instead, revoke and rotate the ${what} now (it is in the git history), then ${platformDef(platform).wording.secretStore}`;
}

function describe(m: SecretMatch): string {
  return m.kind.endsWith("password") ? `A ${m.kind} (\`${m.masked}\`)` : `A hard-coded ${m.kind} (\`${m.masked}\`)`;
}

/** Line and column of `index` in `text`, 1-based. */
function lineCol(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    last = i;
  }
  return { line, column: index - last };
}

function literalTexts(sf: ts.SourceFile): Array<{ text: string; node: ts.Node }> {
  const out: Array<{ text: string; node: ts.Node }> = [];
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (node.text.length >= 16) out.push({ text: node.text, node });
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return out;
}

function configValues(fn: FunctionInfo): Array<{ values: Record<string, unknown>; at: SourceLocation; label: string }> {
  const out: Array<{ values: Record<string, unknown>; at: SourceLocation; label: string }> = [];
  if (fn.workers?.bindings.vars && fn.workers.locations.vars) out.push({ values: fn.workers.bindings.vars, at: fn.workers.locations.vars, label: "wrangler `vars`" });
  if (fn.vercel?.env) out.push({ values: fn.vercel.env.values, at: fn.vercel.env.at, label: "vercel.json `env`" });
  if (fn.lambda?.environment) out.push({ values: fn.lambda.environment.values, at: fn.lambda.environment.at, label: "the function's environment variables" });
  return out;
}

/**
 * What the config scan works out once per run: one template's Globals (or a wrangler file's
 * top-level vars) is shared by every function it declares, and a template may declare thousands.
 */
interface ConfigMemo {
  texts: Map<string, string | undefined>;
  secrets: Map<string, SecretMatch[]>;
  places: Map<string, { line: number; column: number } | undefined>;
}

const newMemo = (): ConfigMemo => ({ texts: new Map(), secrets: new Map(), places: new Map() });

function scanConfig(ctx: RuleContext, fn: FunctionInfo, seen: Set<string>, findings: RawFinding[], memo: ConfigMemo): void {
  for (const { values, at, label } of configValues(fn)) {
    if (isTestPath(at.file) || /\.example$|\.sample$/.test(at.file)) continue;
    if (!memo.texts.has(at.file)) memo.texts.set(at.file, ctx.text(path.join(ctx.project.root, at.file)));
    const text = memo.texts.get(at.file);
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== "string") continue;
      const secretKey = `${at.file}\0${value}`;
      if (!memo.secrets.has(secretKey)) memo.secrets.set(secretKey, findSecrets(value, text ?? value));
      for (const m of memo.secrets.get(secretKey)!) {
        const placeKey = `${at.file}\0${m.value}`;
        if (!memo.places.has(placeKey)) {
          const offset = text?.indexOf(m.value) ?? -1;
          memo.places.set(placeKey, text && offset >= 0 ? lineCol(text, offset) : undefined);
        }
        const pos = memo.places.get(placeKey) ?? { line: Math.max(at.line, 1), column: at.column ?? 1 };
        const key = `${at.file}:${pos.line}:${pos.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const instead = advice(fn.platform, true, m);
        findings.push({
          message: `${describe(m)} is written as \`${name}\` in ${label}: ${instead}, and set \`${name}\` from there.`,
          file: at.file,
          ...pos,
          function: fn.id,
          fix: { description: instead.slice(instead.indexOf("Instead, ")) + ".", example: platformDef(fn).wording.secretExample(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : envName(m)) },
        });
      }
    }
  }
}

export default defineRule({
  meta: {
    id: "secrets/hardcoded",
    description: "Live secret (API key, token, private key, database password) written in source or platform config",
    defaultSeverity: "error",
    platforms: ["aws-lambda", "vercel", "cloudflare-workers"],
    prescan: SECRET_PRESCAN,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    // A secret is reported once where it is written, listing every function that reaches it; a
    // file is scanned once.
    const seen = new Set<string>();
    const memo = newMemo();
    const byFile = new Map<string, RawFinding[]>();
    for (const fnCtx of ctx.functions) {
      const { fn } = fnCtx;
      scanConfig(ctx, fn, seen, findings, memo);
      for (const file of ctx.candidates(fnCtx)) {
        const rel = ctx.relative(file);
        const earlier = byFile.get(file);
        if (earlier) {
          for (const f of earlier) alsoReachedBy(f, fn.id);
          continue;
        }
        if (isTestPath(rel) || rel.startsWith("node_modules/")) continue;
        const inFile: RawFinding[] = [];
        byFile.set(file, inFile);
        const sf = fnCtx.ast(file);
        if (!sf) continue;
        for (const { text, node } of literalTexts(sf)) {
          for (const m of findSecrets(text, sf.text)) {
            const start = node.getStart(sf) + 1 + m.index;
            const { line, character } = sf.getLineAndCharacterOfPosition(start);
            const instead = advice(fn.platform, false, m);
            inFile.push({
              message: `${describe(m)} is in the source: ${instead}.`,
              file: rel,
              line: line + 1,
              column: character + 1,
              function: fn.id,
              chain: fnCtx.chainTo(file),
              fix: { description: instead.slice(instead.indexOf("Instead, ")) + ".", example: platformDef(fn).wording.secretExample(envName(m)) },
            });
          }
        }
        findings.push(...inFile);
      }
    }
    return findings;
  },
});

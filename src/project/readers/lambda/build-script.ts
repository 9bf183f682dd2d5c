// A Lambda project's own esbuild build, read without running anything: a package.json script that
// runs the esbuild CLI (`esbuild src/api.ts --bundle --minify --format=esm --external:@aws-sdk/*`), or a
// script file that calls esbuild's `build()`/`buildSync()` with literal options. When the function's
// code is that build's output (its source is one of the entry points, or its deploy folder is inside the
// build's outdir), the audit bundles it with the same options (FunctionInfo.deployBuild).
// esbuild's defaults where the build is silent (https://esbuild.github.io/api/, taken 2026-12-05):
// minify off; with `platform: "node"` and bundling, format cjs; no target (esnext); externals none.
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { isRecord, loc, readOrReport, type ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import { matchesGlob } from "../../source/glob.js";
import { lineOf, literalValue, loadTs, parseSource, propertyName, unwrap } from "../../source/typescript.js";
import type { DeployBuild, FunctionInfo, SourceLocation } from "../../types.js";

/** One esbuild build the project runs. Paths are relative to the package, forward slashes. */
interface ScriptBuild {
  /** For reports: "package.json scripts.build (esbuild CLI)", "scripts/build.mjs esbuild.build() at line 21". */
  from: string;
  at: SourceLocation;
  /** Entry points written as paths or globs. */
  entries: string[];
  /** Folders computed entry points are built from (`path.join("src/handlers", name)`), when only that is known. */
  entryDirs: string[];
  outdirs: string[];
  outfiles: string[];
  /** The options, or why they cannot be read statically. */
  options: Omit<DeployBuild, "from"> | { unreadable: string };
}

/** Scripts that build for a deploy come first; dev, watch, start and test scripts are not the deploy's build. */
const DEPLOY_SCRIPT = /build|bundle|package|deploy|release|dist|compile/i;
const DEV_SCRIPT = /^(dev|watch|start|serve|test)\b|:(dev|watch|test)$/i;
const SCRIPT_FILE = /\.(?:[cm]?js|[cm]?ts)$/;
/** Build files named by convention, read when they import esbuild even if no script names them. */
const CONVENTIONAL = /^(?:scripts\/)?(?:esbuild\.config|build|bundle)\.(?:[cm]?js|[cm]?ts)$/;
const RUNNERS = new Set(["node", "tsx", "ts-node", "bun", "esno", "vite-node", "jiti"]);
const LAUNCHERS = new Set(["npx", "pnpx", "bunx", "pnpm", "yarn", "exec", "dlx", "run", "npm", "--"]);

const posix = (p: string): string => path.posix.normalize(p.replace(/\\/g, "/")).replace(/^\.\//, "").replace(/\/$/, "");

/** The commands of a script and their shell words, quotes removed (`a && "b c"; d | e`); no expansion: `$X` stays as written. */
function commands(script: string): string[][] {
  const out: string[][] = [];
  let cmd: string[] = [];
  let word = "";
  let quote: string | undefined;
  let started = false;
  const endWord = () => {
    if (started || word) cmd.push(word);
    word = "";
    started = false;
  };
  const endCommand = () => {
    endWord();
    if (cmd.length > 0) out.push(cmd);
    cmd = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (ch === ";" || ch === "|" || (ch === "&" && script[i + 1] === "&")) {
      if (script[i + 1] === ch) i++;
      endCommand();
    } else if (/\s/.test(ch)) endWord();
    else word += ch;
  }
  endCommand();
  return out;
}

/** The command's words after env assignments and launchers (`NODE_ENV=production npx esbuild ...` -> esbuild ...). */
function program(cmd: string[]): string[] {
  let i = 0;
  while (i < cmd.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd[i]!) || LAUNCHERS.has(cmd[i]!) || cmd[i] === "cross-env")) i++;
  return cmd.slice(i);
}

/** The esbuild CLI's options (https://esbuild.github.io/api/): the ones that change what is deployed. */
function cliBuild(args: string[], from: string, at: SourceLocation): ScriptBuild | undefined {
  if (args.some((a) => a === "--watch" || a.startsWith("--watch=") || a === "--serve" || a.startsWith("--serve="))) return undefined;
  const entries: string[] = [];
  const outdirs: string[] = [];
  const outfiles: string[] = [];
  const external: string[] = [];
  const unreadable: string[] = [];
  let bundle = false;
  let minify = false;
  let format: DeployBuild["format"];
  let platform: string | undefined;
  let target: string | undefined;
  let mainFields: string[] | undefined;
  let banner: string | undefined;
  for (const arg of args) {
    if (!arg.startsWith("-")) {
      // `out=in` names the output; the input is what is read.
      entries.push(posix(arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : arg));
      continue;
    }
    const [flag, ...rest] = arg.split("=");
    const value = rest.join("=");
    if (value.includes("$")) {
      unreadable.push(`${flag} is set from a variable`);
      continue;
    }
    if (flag === "--bundle") bundle = true;
    else if (flag === "--minify") minify = true;
    else if (flag === "--format") format = value === "esm" || value === "cjs" ? value : undefined;
    else if (flag === "--platform") platform = value;
    else if (flag === "--target") target = value.split(",").find((t) => t.startsWith("node")) ?? value.split(",")[0];
    else if (flag === "--main-fields") mainFields = value.split(",");
    else if (flag === "--outdir") outdirs.push(posix(value));
    else if (flag === "--outfile") outfiles.push(posix(value));
    else if (flag === "--packages" && value === "external") unreadable.push("--packages=external leaves every package out of the bundle (shipped in node_modules beside it), which coldstart does not model");
    else if (flag?.startsWith("--external:")) external.push(arg.slice("--external:".length));
    else if (flag?.startsWith("--banner:js")) banner = arg.slice("--banner:js=".length);
  }
  if (entries.length === 0 || (platform !== undefined && platform !== "node")) return undefined;
  if (!bundle) unreadable.push("it does not bundle (no --bundle), so its output is not one file");
  return {
    from,
    at,
    entries,
    entryDirs: [],
    outdirs,
    outfiles,
    options: unreadable.length > 0 ? { unreadable: unreadable.join("; ") } : shape({ minify, format, platform, target, mainFields, external, banner }),
  };
}

function shape(o: { minify: boolean; format: DeployBuild["format"]; platform: string | undefined; target: string | undefined; mainFields: string[] | undefined; external: string[]; banner: string | undefined }): Omit<DeployBuild, "from"> {
  const build: Omit<DeployBuild, "from"> = { minify: o.minify };
  const format = o.format ?? (o.platform === "node" ? "cjs" : undefined);
  if (format) build.format = format;
  if (o.target) build.target = o.target;
  if (o.mainFields) build.mainFields = o.mainFields;
  if (o.external.length > 0) build.external = o.external;
  if (o.banner) build.banner = o.banner;
  return build;
}

/** Reads one script file's esbuild calls. */
class ScriptReader {
  private readonly consts = new Map<string, TS.Expression>();
  /** Local names bound to esbuild: `build` (from `import { build }`), `esbuild` (namespace or default). */
  private readonly fns = new Set<string>();
  private readonly namespaces = new Set<string>();

  constructor(private readonly ts: typeof TS, private readonly sf: TS.SourceFile) {
    for (const s of sf.statements) {
      if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === "esbuild" && s.importClause) {
        if (s.importClause.name) this.namespaces.add(s.importClause.name.text);
        const named = s.importClause.namedBindings;
        if (named && ts.isNamespaceImport(named)) this.namespaces.add(named.name.text);
        if (named && ts.isNamedImports(named)) {
          for (const el of named.elements) if (/^build(Sync)?$/.test((el.propertyName ?? el.name).text)) this.fns.add(el.name.text);
        }
      }
      if (!ts.isVariableStatement(s)) continue;
      for (const d of s.declarationList.declarations) {
        if (!d.initializer) continue;
        const init = unwrap(ts, d.initializer);
        const required = ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" && init.arguments[0] && literalValue(ts, init.arguments[0]) === "esbuild";
        if (required && ts.isIdentifier(d.name)) this.namespaces.add(d.name.text);
        else if (required && ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) if (ts.isIdentifier(el.name) && /^build(Sync)?$/.test(el.propertyName?.getText(sf) ?? el.name.text)) this.fns.add(el.name.text);
        } else if (ts.isIdentifier(d.name) && s.declarationList.flags & ts.NodeFlags.Const) this.consts.set(d.name.text, init);
      }
    }
  }

  get importsEsbuild(): boolean {
    return this.fns.size > 0 || this.namespaces.size > 0;
  }

  /** The options object of each `build({...})` / `esbuild.build({...})` / `buildSync` call. */
  calls(): Array<{ node: TS.CallExpression; options: TS.Expression | undefined }> {
    const { ts } = this;
    const out: Array<{ node: TS.CallExpression; options: TS.Expression | undefined }> = [];
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const direct = ts.isIdentifier(callee) && this.fns.has(callee.text);
        const member = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && this.namespaces.has(callee.expression.text) && /^build(Sync)?$/.test(callee.name.text);
        if (direct || member) out.push({ node, options: node.arguments[0] });
      }
      ts.forEachChild(node, visit);
    };
    visit(this.sf);
    return out;
  }

  /** An identifier's top-level `const` value, followed once. */
  private resolve(e: TS.Expression): TS.Expression {
    const x = unwrap(this.ts, e);
    return this.ts.isIdentifier(x) ? (this.consts.get(x.text) ?? x) : x;
  }

  private literal(e: TS.Expression): string | number | boolean | undefined {
    return literalValue(this.ts, this.resolve(e));
  }

  private stringList(e: TS.Expression, paths = false): string[] | undefined {
    const x = this.resolve(e);
    if (!this.ts.isArrayLiteralExpression(x)) return undefined;
    const values = x.elements.map((el) => (this.ts.isSpreadElement(el) ? undefined : paths ? this.joined(el) : this.literal(el)));
    return values.every((v): v is string => typeof v === "string") ? values : undefined;
  }

  /** Every property of the options object, spreads of local constant objects included, and why some cannot be known. */
  private properties(obj: TS.Expression, depth = 0): { props: Map<string, TS.Expression>; why?: string } {
    const { ts } = this;
    const x = this.resolve(obj);
    const props = new Map<string, TS.Expression>();
    if (!ts.isObjectLiteralExpression(x)) return { props, why: "the options are not an object written in the file" };
    let why: string | undefined;
    for (const p of x.properties) {
      if (ts.isSpreadAssignment(p)) {
        const inner = depth < 3 ? this.properties(p.expression, depth + 1) : { props: new Map<string, TS.Expression>(), why: "spreads nest too deep" };
        if (inner.why) why ??= `the spread \`...${p.expression.getText(this.sf)}\` cannot be read`;
        for (const [k, v] of inner.props) props.set(k, v);
      } else if (ts.isPropertyAssignment(p)) {
        const name = propertyName(ts, p.name);
        if (name === undefined) why ??= `a computed key (${p.name.getText(this.sf)}) cannot be read`;
        else props.set(name, p.initializer);
      } else if (ts.isShorthandPropertyAssignment(p)) {
        props.set(p.name.text, p.name);
      }
    }
    return why ? { props, why } : { props };
  }

  /** Path-like strings an entry-points expression is computed from (`path.join("src/handlers", ...)`). */
  private pathHints(e: TS.Expression): string[] {
    const { ts } = this;
    const out: string[] = [];
    const visit = (n: TS.Node, depth: number): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
      else if (ts.isTemplateExpression(n)) out.push(n.head.text);
      else if (ts.isIdentifier(n) && depth < 2) {
        const v = this.consts.get(n.text);
        if (v) visit(v, depth + 1);
      } else ts.forEachChild(n, (c) => visit(c, depth));
    };
    visit(e, 0);
    const paths = out.filter((s) => /^[\w.@/-]+$/.test(s) && /[A-Za-z]/.test(s)).map(posix);
    // A file named among them (`path.join("src", "client.tsx")`) is one entry, not a folder of them.
    return paths.some((p) => /\.[cm]?[jt]sx?$/.test(p)) ? [] : paths;
  }

  /** `path.join("src", "api.ts")` (or `resolve`) of literals only: the path. */
  private joined(e: TS.Expression): string | undefined {
    const { ts } = this;
    const x = this.resolve(e);
    const literal = this.literal(x);
    if (typeof literal === "string") return literal;
    if (!ts.isCallExpression(x) || !ts.isPropertyAccessExpression(x.expression) || !/^(join|resolve)$/.test(x.expression.name.text)) return undefined;
    const parts = x.arguments.map((a) => this.literal(a));
    return parts.length > 0 && parts.every((p): p is string => typeof p === "string") ? path.posix.join(...parts) : undefined;
  }

  read(call: { node: TS.CallExpression; options: TS.Expression | undefined }, from: string, at: SourceLocation): ScriptBuild | undefined {
    const { ts } = this;
    if (!call.options) return undefined;
    const { props, why } = this.properties(call.options);
    const entryExpr = props.get("entryPoints");
    if (!entryExpr) return undefined;
    const resolved = this.resolve(entryExpr);
    let entries = this.stringList(resolved, true);
    if (!entries && ts.isObjectLiteralExpression(resolved)) {
      const values = resolved.properties.map((p) => (ts.isPropertyAssignment(p) ? this.literal(p.initializer) : undefined));
      if (values.every((v): v is string => typeof v === "string")) entries = values;
    }
    const out = (k: string) => {
      const v = props.get(k);
      const s = v ? this.literal(v) : undefined;
      return typeof s === "string" ? [posix(s)] : [];
    };
    const build: ScriptBuild = {
      from,
      at,
      entries: (entries ?? []).map(posix),
      entryDirs: entries ? [] : this.pathHints(entryExpr),
      outdirs: out("outdir"),
      outfiles: out("outfile"),
      options: { unreadable: "" },
    };
    const unreadable: string[] = why ? [why] : [];
    const get = <T>(key: string, read: (e: TS.Expression) => T | undefined): T | undefined => {
      const e = props.get(key);
      if (!e) return undefined;
      const v = read(e);
      if (v === undefined) unreadable.push(`\`${key}\` is computed`);
      return v;
    };
    const bool = (e: TS.Expression) => {
      const v = this.literal(e);
      return typeof v === "boolean" ? v : undefined;
    };
    const str = (e: TS.Expression) => {
      const v = this.literal(e);
      return typeof v === "string" ? v : undefined;
    };
    const bundle = get("bundle", bool) ?? false;
    if (!bundle && !unreadable.length) unreadable.push("it does not bundle (no `bundle: true`), so its output is not one file");
    if (get("packages", str) === "external") unreadable.push("`packages: \"external\"` leaves every package out of the bundle (shipped in node_modules beside it), which coldstart does not model");
    const minifyParts = ["minifyWhitespace", "minifySyntax", "minifyIdentifiers"].map((k) => get(k, bool));
    const minify = get("minify", bool) ?? minifyParts.every((v) => v === true);
    const formatText = get("format", str);
    const platform = get("platform", str);
    // A browser or neutral build is not a Lambda's.
    if (platform !== undefined && platform !== "node") return undefined;
    const targetValue = get("target", (e) => str(e) ?? this.stringList(e));
    const target = Array.isArray(targetValue) ? (targetValue.find((t) => t.startsWith("node")) ?? targetValue[0]) : targetValue;
    const mainFields = get("mainFields", (e) => this.stringList(e));
    const external = get("external", (e) => this.stringList(e)) ?? [];
    const bannerObj = props.get("banner");
    let banner: string | undefined;
    if (bannerObj) {
      const b = this.resolve(bannerObj);
      const js = ts.isObjectLiteralExpression(b) ? b.properties.find((p) => ts.isPropertyAssignment(p) && propertyName(ts, p.name) === "js") : undefined;
      const value = js && ts.isPropertyAssignment(js) ? this.literal(js.initializer) : undefined;
      if (typeof value === "string") banner = value;
      else if (!ts.isObjectLiteralExpression(b) || js) unreadable.push("`banner` is computed");
    }
    const format = formatText === "esm" || formatText === "cjs" ? formatText : undefined;
    build.options = unreadable.length > 0 ? { unreadable: unreadable.join("; ") } : shape({ minify, format, platform, target, mainFields, external, banner });
    return build;
  }
}

async function scriptFileBuilds(ctx: ScanContext, rel: string, named: string | undefined): Promise<ScriptBuild[]> {
  const abs = path.join(ctx.pkgRoot, rel);
  const text = await readOrReport(ctx, abs);
  if (text === undefined || !text.includes("esbuild")) return [];
  const ts = await loadTs();
  const reader = new ScriptReader(ts, parseSource(ts, abs, text));
  if (!reader.importsEsbuild) return [];
  const file = relativeTo(ctx.root, abs);
  return reader.calls().flatMap((call) => {
    const { line } = lineOf(call.node.getSourceFile(), call.node);
    const name = ts.isPropertyAccessExpression(call.node.expression) ? call.node.expression.getText() : "build";
    const from = `${file} ${name}() at line ${line}${named ? ` (package.json scripts.${named})` : ""}`;
    const build = reader.read(call, from, loc(ctx, abs, lineOf(call.node.getSourceFile(), call.node)));
    return build ? [build] : [];
  });
}

/** Every esbuild build the package's scripts run, deploy builds first. */
async function projectBuilds(ctx: ScanContext): Promise<ScriptBuild[]> {
  const builds: ScriptBuild[] = [];
  const seenFiles = new Set<string>();
  const scripts = isRecord(ctx.packageJson?.scripts) ? Object.entries(ctx.packageJson.scripts) : [];
  const ordered = scripts
    .filter(([name, command]) => typeof command === "string" && !DEV_SCRIPT.test(name))
    .sort(([a], [b]) => Number(DEPLOY_SCRIPT.test(b)) - Number(DEPLOY_SCRIPT.test(a)));
  const pkgFile = path.join(ctx.pkgRoot, "package.json");
  for (const [name, command] of ordered) {
    for (const cmd of commands(command as string)) {
      const [head, ...args] = program(cmd);
      if (!head) continue;
      if (head === "esbuild" || head.endsWith("/esbuild")) {
        const build = cliBuild(args, `${relativeTo(ctx.root, pkgFile)} scripts.${name} (esbuild CLI)`, loc(ctx, pkgFile, 0));
        if (build) builds.push(build);
      } else if (RUNNERS.has(head)) {
        const file = args.find((a) => !a.startsWith("-") && SCRIPT_FILE.test(a));
        const rel = file ? posix(file) : undefined;
        if (rel && ctx.files.includes(rel) && !seenFiles.has(rel)) {
          seenFiles.add(rel);
          builds.push(...(await scriptFileBuilds(ctx, rel, name)));
        }
      }
    }
  }
  for (const rel of ctx.files.filter((f) => CONVENTIONAL.test(f) && !seenFiles.has(f))) builds.push(...(await scriptFileBuilds(ctx, rel, undefined)));
  return builds;
}

const noExt = (p: string) => p.replace(/\.[cm]?[jt]sx?$/, "");

/** How `build` makes `fn`'s deployed code, if it does: its source is an entry point, its deploy folder is in the outdir, or its source is under the folder computed entries come from. */
function produces(build: ScriptBuild, fn: FunctionInfo, pkgRoot: string): string | undefined {
  const entry = posix(path.relative(pkgRoot, fn.entry));
  if (build.entries.some((e) => (e.includes("*") ? matchesGlob(entry, e) : noExt(e) === noExt(entry)))) return "its entry points include it";
  const deployRoot = fn.deployRoot ? posix(path.relative(pkgRoot, fn.deployRoot)) : undefined;
  const folders = [...build.outdirs, ...build.outfiles.map((f) => path.posix.dirname(f))];
  if (deployRoot && !deployRoot.startsWith("..") && folders.some((o) => o !== "" && o !== "." && (deployRoot === o || deployRoot.startsWith(`${o}/`)))) return `its output folder holds ${deployRoot}/`;
  const dir = build.entryDirs.find((d) => d !== "" && entry.startsWith(`${d}/`));
  return dir ? `its entry points are computed from ${dir}/` : undefined;
}

/** The deepest folder holding every file (esbuild's default outbase). */
function commonDir(files: string[]): string {
  const dirs = files.map((f) => path.posix.dirname(f).split("/"));
  const first = dirs[0] ?? [];
  let n = 0;
  while (n < first.length && dirs.every((d) => d[n] === first[n])) n++;
  return first.slice(0, n).join("/") || ".";
}

/**
 * The source of code the config names in the build's output (`dist/orders.handler` when the build
 * writes src/functions/orders.ts to dist/orders.js): esbuild writes each entry to the outdir at its
 * path below the entries' common folder, or a single entry to the outfile.
 */
function sourceInOutput(build: ScriptBuild, configured: string): string | undefined {
  const literal = build.entries.filter((e) => !e.includes("*"));
  if (literal.length === 0) return undefined;
  const wanted = noExt(configured);
  if (literal.length === 1 && build.outfiles.some((o) => noExt(o) === wanted)) return literal[0];
  const base = commonDir(literal);
  return build.outdirs.length === 0 ? undefined : literal.find((e) => build.outdirs.some((o) => path.posix.join(o, noExt(path.posix.relative(base, e))) === wanted));
}

/** A function whose code is a build's output that does not exist yet: its source, its id, and no "build first" note. */
function pointAtSource(ctx: ScanContext, fn: FunctionInfo, source: string): void {
  const name = fn.lambda!.name;
  const before = relativeTo(ctx.root, fn.entry);
  fn.entry = path.join(ctx.pkgRoot, source);
  delete fn.codeMissing;
  fn.id = fn.id.replace(`aws-lambda:${before}#`, `aws-lambda:${relativeTo(ctx.root, fn.entry)}#`);
  ctx.notes = ctx.notes.filter((n) => !((n.message.startsWith(`${name}: `) || n.message.startsWith(`functions.${name}: `)) && n.message.includes(" is build output in ")));
}

/**
 * Lambda functions no deploy tool bundles (no SAM esbuild Metadata, CDK NodejsFunction or
 * serverless-esbuild) but whose code a build script of the package writes: bundled as that script
 * does. A script whose options cannot be read leaves the audit's defaults, and says so in a note.
 */
export async function applyBuildScripts(ctx: ScanContext): Promise<void> {
  const candidates = ctx.functions.filter((f) => !f.deployBuild && !f.inline && f.lambda && !["framework", "sst"].includes(f.lambda.source));
  if (candidates.length === 0) return;
  const hasScripts = isRecord(ctx.packageJson?.scripts) && Object.values(ctx.packageJson.scripts).some((c) => typeof c === "string" && /esbuild|\.[cm]?[jt]s\b/.test(c));
  if (!hasScripts && !ctx.files.some((f) => CONVENTIONAL.test(f))) return;
  const builds = await projectBuilds(ctx);
  for (const fn of candidates) {
    for (const build of builds) {
      let how: string | undefined;
      if (fn.codeMissing) {
        const configured = posix(path.relative(ctx.pkgRoot, fn.entry));
        const source = sourceInOutput(build, configured);
        if (!source || !ctx.files.includes(source)) continue;
        pointAtSource(ctx, fn, source);
        how = `it writes ${configured} from ${source}`;
      } else how = produces(build, fn, ctx.pkgRoot);
      if (!how) continue;
      if ("unreadable" in build.options) {
        ctx.notes.push({
          message: `${build.from} builds ${fn.lambda!.name} (${how}), but ${build.options.unreadable}: its size is measured with coldstart's own bundling instead`,
          at: build.at,
        });
      } else {
        fn.deployBuild = { from: `${build.from}, which builds ${fn.lambda!.name} (${how})`, ...build.options };
      }
      break;
    }
  }
}

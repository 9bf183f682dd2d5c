// Precision of `coldstart audit` on a labelled corpus of public repositories (issue 15).
// bench/precision/corpus.json names each target (repository, commit, folder); bench/precision/labels.jsonl
// holds one hand-made label a line: repo, commit, path (the target folder), file, line, rule, severity,
// label (true | false | debatable) and a reason. No code or text from those repositories is committed:
// each run exports the pinned commit from a local git copy into a temp folder and audits it there.
//
// Where the repositories come from, in order: --repos <dir> (or COLDSTART_CORPUS), holding either
// `<owner>+<name>` or `<owner>/<name>` clones or bare copies; then /work/.mirror/<owner>+<name>/repo.
// A repository found nowhere is skipped with the command that brings it.
//
// Usage: node bench/precision.mjs [--only owner/name,...] [--repos dir] [--cli path/to/coldstart.js]
//        [--reuse] (audit results kept in the temp folder from an earlier run of the same commit)
//        [--todo]  (print, as JSON lines ready to fill in, the errors and sampled warnings with no label)
// Precision = true / (true + false), over the labelled findings the audit still reports; debatable
// labels are counted apart. Every label whose finding is gone or changed severity is printed.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const here = path.join(repoRoot, "bench/precision");
const option = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const flag = (name) => process.argv.includes(`--${name}`);
const CLI = path.resolve(option("cli") ?? path.join(repoRoot, "bin/coldstart.js"));
const ONLY = option("only")?.split(",");
const REPOS = option("repos") ?? process.env.COLDSTART_CORPUS;
const CACHE = path.join(tmpdir(), "coldstart-precision");
const SEED = "coldstart-precision-1";
const WARNINGS_PER_RULE = 3; // sampled warnings per (target, rule)
const TIMEOUT_MS = 15 * 60_000;

const corpus = JSON.parse(readFileSync(path.join(here, "corpus.json"), "utf8")).targets;
const labels = readFileSync(path.join(here, "labels.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() && !line.startsWith("//"))
  .map((line) => JSON.parse(line));

const targetKey = (t) => `${t.repo}:${t.path ?? "."}`;
const findingKey = (f) => `${f.file}:${f.line}:${f.rule}`;
const hash = (text) => createHash("sha1").update(`${SEED}\n${text}`).digest("hex");

function gitDirOf(repo) {
  const flat = repo.replace("/", "+");
  const places = [];
  if (REPOS) places.push(path.join(REPOS, flat), path.join(REPOS, repo), path.join(REPOS, flat, "repo"));
  places.push(path.join("/work/.mirror", flat, "repo"));
  for (const place of places) {
    for (const dir of [path.join(place, ".git"), place]) {
      if (existsSync(path.join(dir, "HEAD")) && existsSync(path.join(dir, "objects"))) return dir;
    }
  }
  return undefined;
}

const git = (gitDir, args, input) =>
  execFileSync("git", ["--git-dir", gitDir, ...args], { input, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "pipe"] });

/** Writes the commit's files under `sub` into `into`, leaving out blobs the copy lacks (snapshots omit files of 4 MiB and more). */
function exportCommit(gitDir, commit, sub, into) {
  const spec = sub && sub !== "." ? [sub] : [];
  const entries = git(gitDir, ["ls-tree", "-r", "-z", commit, "--", ...spec])
    .toString()
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split("\t");
      const [mode, type, id] = meta.split(" ");
      return { mode, type, id, file };
    })
    .filter((e) => e.type === "blob");
  const check = git(gitDir, ["cat-file", "--batch-check"], entries.map((e) => e.id).join("\n") + "\n").toString().split("\n");
  const missing = new Set(check.filter((l) => l.endsWith(" missing")).map((l) => l.split(" ")[0]));
  const excludes = entries.filter((e) => missing.has(e.id)).map((e) => `:(exclude,literal)${e.file}`);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const tar = git(gitDir, ["archive", "--format=tar", commit, "--", ...(spec.length ? spec : ["."]), ...excludes]);
  execFileSync("tar", ["-x", "-C", into, "--no-same-owner"], { input: tar, maxBuffer: 1 << 30 });
  return missing.size;
}

function audit(target) {
  const gitDir = gitDirOf(target.repo);
  const where = path.join(CACHE, `${target.repo.replace("/", "+")}@${target.commit.slice(0, 12)}`);
  const resultFile = path.join(CACHE, `${target.repo.replace("/", "+")}@${target.commit.slice(0, 12)}${(target.path ?? ".").replaceAll("/", "_")}.json`);
  if (flag("reuse") && existsSync(resultFile)) return { result: JSON.parse(readFileSync(resultFile, "utf8")) };
  if (!gitDir) return { missing: `no copy of ${target.repo}` };
  try {
    git(gitDir, ["cat-file", "-e", `${target.commit}^{commit}`]);
  } catch {
    return { missing: `${target.repo} is present (${gitDir}) but lacks commit ${target.commit}` };
  }
  if (!existsSync(path.join(where, ".exported"))) {
    exportCommit(gitDir, target.commit, undefined, where);
    writeFileSync(path.join(where, ".exported"), target.commit);
  }
  const dir = path.join(where, target.path ?? ".");
  const run = spawnSync(process.execPath, [CLI, "audit", dir, "--format", "json", "--fail-on", "never"], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: TIMEOUT_MS,
  });
  // A target where discovery finds nothing is a result too (exit 2 with that one line).
  if (run.status === 2 && /no serverless functions found/.test(run.stderr)) return { result: { findings: [] } };
  if (run.status !== 0) return { failed: `exit ${run.status ?? run.signal}: ${(run.stderr || "").trim().split("\n")[0]}` };
  const result = JSON.parse(run.stdout);
  writeFileSync(resultFile, run.stdout);
  return { result };
}

/** Every finding, once per (file, line, rule), with the function list folded. */
function findingsOf(result) {
  const seen = new Map();
  for (const f of result.findings) {
    const k = findingKey({ file: f.file, line: f.line, rule: f.ruleId });
    if (!seen.has(k)) seen.set(k, { file: f.file, line: f.line, rule: f.ruleId, severity: f.severity, message: f.message });
    else if (f.severity === "error") seen.get(k).severity = "error";
  }
  return [...seen.values()];
}

function sampledWarnings(target, findings) {
  const byRule = new Map();
  for (const f of findings.filter((x) => x.severity === "warning")) {
    const list = byRule.get(f.rule) ?? [];
    list.push({ ...f, order: hash(`${targetKey(target)}\n${findingKey(f)}`) });
    byRule.set(f.rule, list);
  }
  return [...byRule.values()].flatMap((list) => list.sort((a, b) => a.order.localeCompare(b.order)).slice(0, WARNINGS_PER_RULE));
}

const tally = () => ({ true: 0, false: 0, debatable: 0 });
const precision = (t) => (t.true + t.false ? t.true / (t.true + t.false) : undefined);
const fmt = (p) => (p === undefined ? "  -  " : p.toFixed(3));

const perRule = new Map();
const overall = { all: tally(), error: tally(), warning: tally() };
const changed = [];
const todo = [];
const skipped = [];
for (const target of corpus) {
  if (ONLY && !ONLY.includes(target.repo)) continue;
  const mine = labels.filter((l) => l.repo === target.repo && (l.path ?? ".") === (target.path ?? "."));
  process.stderr.write(`${targetKey(target)} @ ${target.commit.slice(0, 12)} ... `);
  const started = Date.now();
  const { result, missing, failed } = audit(target);
  if (!result) {
    const why = missing
      ? `${missing}. Bring it with: git clone https://github.com/${target.repo} <dir>/${target.repo.replace("/", "+")} && git -C <dir>/${target.repo.replace("/", "+")} fetch origin ${target.commit}; then pass --repos <dir>`
      : failed;
    process.stderr.write("skipped\n");
    skipped.push(`${target.repo}: ${why} (${mine.length} labels not checked)`);
    continue;
  }
  const findings = findingsOf(result);
  process.stderr.write(`${findings.length} findings, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  const byKey = new Map(findings.map((f) => [findingKey(f), f]));
  for (const label of mine) {
    const now = byKey.get(findingKey(label));
    if (!now) {
      changed.push(`${label.label.padEnd(9)} ${label.rule} ${target.repo} ${label.file}:${label.line}: no longer reported (was ${label.severity})`);
      continue;
    }
    if (now.severity !== label.severity) {
      changed.push(`${label.label.padEnd(9)} ${label.rule} ${target.repo} ${label.file}:${label.line}: now ${now.severity} (labelled as ${label.severity})`);
    }
    if (now.severity === "info") continue;
    const rule = perRule.get(label.rule) ?? tally();
    rule[label.label] += 1;
    perRule.set(label.rule, rule);
    overall.all[label.label] += 1;
    overall[now.severity][label.label] += 1;
  }
  const labelled = new Set(mine.map(findingKey));
  const wanted = [...findings.filter((f) => f.severity === "error"), ...sampledWarnings(target, findings)];
  for (const f of wanted.filter((x) => !labelled.has(findingKey(x)))) {
    todo.push({ repo: target.repo, commit: target.commit, path: target.path ?? ".", file: f.file, line: f.line, rule: f.rule, severity: f.severity, label: "", reason: "", message: f.message });
  }
}

if (flag("todo")) {
  for (const t of todo) console.log(JSON.stringify(t));
  process.exit(0);
}
console.log("rule                                  true false debatable precision");
for (const [rule, t] of [...perRule].sort((a, b) => (precision(a[1]) ?? 1) - (precision(b[1]) ?? 1) || a[0].localeCompare(b[0]))) {
  const p = precision(t);
  console.log(`${rule.padEnd(37)} ${String(t.true).padStart(4)} ${String(t.false).padStart(5)} ${String(t.debatable).padStart(9)} ${fmt(p)}${p !== undefined && p < 0.9 ? "  < 0.9" : ""}`);
}
console.log("");
for (const [name, t] of [["overall", overall.all], ["errors", overall.error], ["warnings (sampled)", overall.warning]]) {
  console.log(`${name.padEnd(19)} precision ${fmt(precision(t))}  (${t.true} true, ${t.false} false, ${t.debatable} debatable)`);
}
console.log("");
console.log(changed.length ? `Labels whose finding changed (${changed.length}):` : "No labelled finding changed.");
for (const line of changed) console.log(`  ${line}`);
if (todo.length) {
  console.log(`\n${todo.length} errors or sampled warnings have no label yet; list them with --todo and add them to bench/precision/labels.jsonl.`);
}
if (skipped.length) {
  console.log("\nNot run:");
  for (const line of skipped) console.log(`  ${line}`);
}

import path from "node:path";
import { colors, writeLine, type Io } from "../cli/ui.js";
import type { GitOutcome } from "./git.js";
import type { InstallOutcome } from "./install.js";
import { nextSteps, box, displayPath, formatSteps, type NextStep } from "./next-steps.js";
import { assertValidName, headlessAnswers, isHeadless, quote, type Answers, type CreateFlags } from "./options.js";
import { detectPackageManager } from "./package-manager.js";
import type { PlannedFile } from "./plan.js";
import type { PromptedAnswers } from "./prompts.js";
import { nodeEngineWarning, nodeOnPath } from "./engines.js";
import { listenForInterrupts } from "./interrupt.js";
import { packageManagerFiles } from "./pm-files.js";
import { jsonReporter, plainReporter, type Reporter } from "./reporter.js";
import { resolveSettings } from "./settings.js";
import { checkTarget, git, install, plan, write, type Decisions } from "./steps.js";
import { UsageError } from "../errors.js";
import { defaultTemplate, namedTemplate, type Template } from "./registry.js";
import { fetchRemoteTemplate, parseRemote } from "./remote.js";
import { TARGET_INFO, templatesRoot } from "./templates.js";

export interface CreateResult {
  ok: boolean;
  dryRun: boolean;
  target: string;
  template: string;
  name: string;
  dir: string;
  packageManager: string;
  settings: Decisions["settings"];
  files: { path: string; size: number }[];
  install: InstallOutcome | { status: "planned" | "skipped"; command: string };
  git: GitOutcome | { status: "planned" };
  warnings: string[];
  nextSteps: NextStep[];
}

/**
 * `coldstart create`: decide (flags, then prompts), plan, check the folder, write, install, git,
 * next steps. Exit codes: 0 created, 1 created but the install failed, 2 usage/input/environment,
 * 130 cancelled, 128+n stopped by signal n (SIGINT, SIGTERM, SIGHUP): during the write nothing
 * stays; during install or git the finished project stays and the message says how to finish.
 */
export async function createProject(rawFlags: CreateFlags, io: Io, bin: string): Promise<number> {
  const root = templatesRoot();
  const remote = rawFlags.template === undefined ? undefined : parseRemote(rawFlags.template);
  if (rawFlags.template === undefined || remote === undefined) {
    return createFrom(rawFlags, io, bin, root, rawFlags.template === undefined ? undefined : namedTemplate(root, rawFlags.template, rawFlags.target));
  }
  const fetched = await fetchRemoteTemplate(rawFlags.template, remote, io.env);
  try {
    if (rawFlags.target !== undefined && fetched.template.platform !== rawFlags.target) {
      throw new UsageError(`the template ${rawFlags.template} is for ${fetched.template.platform}, not ${rawFlags.target}: drop --target.`);
    }
    return await createFrom(rawFlags, io, bin, root, fetched.template);
  } finally {
    await fetched.dispose();
  }
}

async function createFrom(rawFlags: CreateFlags, io: Io, bin: string, root: string, named: Template | undefined): Promise<number> {
  const flags: CreateFlags = named ? { ...rawFlags, target: named.platform } : rawFlags;
  const headless = isHeadless(flags, io.interactive);
  const answers: Answers & Partial<Omit<PromptedAnswers, keyof Answers>> = headless
    ? headlessAnswers(flags, bin)
    : await (await import("./prompts.js")).promptAnswers(flags, io, root, named);
  const settingsFlags = answers.settings ?? flags;
  assertValidName(answers.name, flags.name === undefined && answers.name === path.basename(path.resolve(io.cwd, answers.dir)));

  const template: Template = named ?? answers.template ?? defaultTemplate(root, answers.target);
  const { settings, warnings } = resolveSettings(template, settingsFlags);
  const detected = detectPackageManager(io.env);
  const d: Decisions = {
    dir: path.resolve(io.cwd, answers.dir),
    name: answers.name,
    template,
    settings,
    pm: flags.pm === undefined || flags.pm === detected.name ? detected : { name: flags.pm, major: undefined },
    install: answers.install ?? flags.install ?? true,
    git: answers.git ?? flags.git ?? true,
    force: Boolean(flags.force),
  };
  const reporter: Reporter = flags.json ? jsonReporter(io) : headless ? plainReporter(io, box) : (await import("./prompts.js")).clackReporter(io);
  const shown = displayPath(io.cwd, d.dir);
  for (const warning of warnings) reporter.warn(warning);

  const templateFiles = await plan(d);
  const extra = packageManagerFiles(d.pm.name, template.builtDependencies).filter((file) => !templateFiles.some((f) => f.path === file.path));
  const files = [...templateFiles, ...extra];
  const engine = nodeEngineWarning(files, await nodeOnPath(io.env));
  if (engine !== undefined) {
    warnings.push(engine);
    reporter.warn(engine);
  }
  const state = await checkTarget(d, files, shown);
  const result: CreateResult = {
    ok: true,
    dryRun: Boolean(flags.dryRun),
    target: template.platform,
    template: template.name,
    name: d.name,
    dir: d.dir,
    packageManager: d.pm.name,
    settings,
    files: files.map((file) => ({ path: file.path, size: file.contents.length })),
    install: { status: flags.dryRun && d.install ? "planned" : "skipped", command: `${d.pm.name} install` },
    git: flags.dryRun && d.git ? { status: "planned" } : { status: "skipped", reason: d.git ? "dry run" : "--no-git" },
    warnings,
    nextSteps: nextSteps(template, d.dir, io.cwd, d.pm, d.install && !flags.dryRun, { name: d.name }),
  };

  if (flags.dryRun) {
    if (flags.json) writeLine(io.stdout, JSON.stringify(result, null, 2));
    else printPlan(io, shown, d, files, state.exists);
    return 0;
  }

  reporter.info(`Creating ${describe(template)} "${d.name}" in ${shown}`);
  const interrupt = listenForInterrupts();
  try {
    await write(d, files, state, interrupt.signal);
    reporter.success(`Wrote ${files.length} files to ${shown}`);
    result.install = await install(d, io.env, reporter, interrupt.signal);
    result.git = await git(d, io.env, reporter, interrupt.signal);
  } finally {
    interrupt.dispose();
  }
  result.nextSteps = nextSteps(template, d.dir, io.cwd, d.pm, result.install.status === "done", { name: d.name });
  result.ok = result.install.status !== "failed";

  if (result.install.status === "failed") reportInstallFailure(reporter, result.install, shown);
  if (flags.json) writeLine(io.stdout, JSON.stringify(result, null, 2));
  else reporter.box("Next steps", formatSteps(result.nextSteps), result.ok);
  return interrupt.exitCode() ?? (result.ok ? 0 : 1);
}

function reportInstallFailure(reporter: Reporter, outcome: Extract<InstallOutcome, { status: "failed" }>, shown: string): void {
  if (outcome.output) reporter.info(outcome.output);
  const retry = `cd ${quote(shown)} && ${outcome.command}`;
  reporter.warn(`The project was created in ${shown}, but ${outcome.reason}. ${outcome.interrupted ? "To finish, run" : "Fix the cause, then run"}: ${retry}`);
}

function printPlan(io: Io, shown: string, d: Decisions, files: PlannedFile[], exists: boolean): void {
  const c = colors(io);
  const total = files.reduce((sum, file) => sum + file.contents.length, 0);
  writeLine(io.stdout, `Dry run: would create ${describe(d.template)} "${d.name}" in ${shown}${exists ? " (existing folder)" : ""}`);
  const settings = Object.entries(d.settings).map(([key, value]) => `${key} ${value}`);
  if (settings.length > 0) writeLine(io.stdout, `Settings: ${settings.join(", ")}`);
  const width = Math.max(...files.map((file) => file.path.length));
  for (const file of files) writeLine(io.stdout, `  ${file.path.padEnd(width)}  ${c.dim(formatSize(file.contents.length))}`);
  writeLine(io.stdout, `${files.length} files, ${formatSize(total)}. Then: ${d.install ? `${d.pm.name} install` : "no install"}, ${d.git ? "git init" : "no git"}.`);
  writeLine(io.stdout, "Nothing was written.");
}

export function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

/** "a Cloudflare Workers project", or "a Cloudflare Workers project from the workers-cron template". */
function describe(template: Template): string {
  const label = TARGET_INFO[template.platform].label;
  return `${article(label)} ${label} project${template.name === template.platform ? "" : ` from the ${template.name} template`}`;
}

function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? "an" : "a";
}

import * as p from "@clack/prompts";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promptStreams, type PromptStreams as Streams } from "../cli/prompt-streams.js";
import { colors, type Io } from "../cli/ui.js";
import { CancelError, InputError } from "../errors.js";
import { insideWorkTree } from "./git.js";
import { checkName, suggestName } from "./name.js";
import type { Answers, CreateFlags } from "./options.js";
import { detectPackageManager } from "./package-manager.js";
import type { Reporter } from "./reporter.js";
import { checkLimit, resourceDefault, resourceRange, type ResourceFlags } from "./settings.js";
import { isHarmless } from "./target-dir.js";
import { defaultTemplate, namedTemplate, templatesFor, type Template } from "./registry.js";
import { DEFAULT_TARGET, TARGETS, TARGET_INFO, type ResourceKey, type Target } from "./templates.js";

export interface PromptedAnswers extends Answers {
  template: Template;
  install: boolean;
  git: boolean;
  settings: ResourceFlags;
}

/** Every prompt goes through this: Ctrl-C, Escape or Ctrl-D ends the run before anything is written. */
function answered<T>(value: T, s: Streams): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    p.cancel("Cancelled. Nothing was written.", s);
    throw new CancelError("");
  }
  return value as Exclude<T, symbol>;
}

/** Asks only for what the flags leave open: name, target, template, resource settings, install, git. */
export async function promptAnswers(flags: CreateFlags, io: Io, root: string, chosen?: Template): Promise<PromptedAnswers> {
  const s = promptStreams(io);
  p.intro(colors(io).inverse(" coldstart create "), s);
  const { dir, name } = await askLocation(flags, io, s);
  const picked = flags.target === undefined ? await askTarget(io, s) : { target: flags.target };
  const target = picked.target;
  const named = flags.template ?? picked.template;
  const template = chosen ?? (named === undefined ? await askTemplate(root, target, s) : namedTemplate(root, named, target));
  const settings = await askSettings(template, flags, s);
  const pm = flags.pm ?? detectPackageManager(io.env).name;
  const install =
    flags.install ?? answered(await p.confirm({ message: `Install dependencies with ${pm}?`, initialValue: true, ...s }), s);
  const git =
    flags.git ??
    ((await insideWorkTree(path.resolve(io.cwd, dir), io.env))
      ? true
      : answered(await p.confirm({ message: "Initialise a git repository with a first commit?", initialValue: true, ...s }), s));
  return { dir, name, target, template, settings, install, git };
}

async function askLocation(flags: CreateFlags, io: Io, s: Streams): Promise<{ dir: string; name: string }> {
  if (flags.dir === undefined && flags.name === undefined) {
    const name = answered(
      await p.text({
        message: "Project name (also its folder)",
        placeholder: "my-api",
        defaultValue: "my-api",
        validate: (value) => nameProblem(value || "my-api") ?? folderProblem(path.resolve(io.cwd, value || "my-api"), flags.force),
        ...s,
      }),
      s,
    );
    return { dir: name, name };
  }
  // One of the two is set here (both unset returned above).
  const dir = flags.dir ?? flags.name ?? "my-api";
  const problem = folderProblem(path.resolve(io.cwd, dir), flags.force);
  if (problem !== undefined) {
    p.cancel(problem, s);
    throw new InputError(problem, { hint: "Choose another folder, or pass --force to write into it." });
  }
  const fromFolder = path.basename(path.resolve(io.cwd, dir));
  if (flags.name !== undefined || checkName(fromFolder).ok) return { dir, name: flags.name ?? fromFolder };
  const name = answered(
    await p.text({
      message: `Package name (the folder name "${fromFolder}" cannot be used: ${nameProblem(fromFolder)})`,
      initialValue: suggestName(fromFolder),
      validate: (value) => nameProblem(value ?? ""),
      ...s,
    }),
    s,
  );
  return { dir, name };
}

const HELP = "help";

/** The platform, and the template when "Help me choose" picked one. */
async function askTarget(io: Io, s: Streams): Promise<{ target: Target; template?: string }> {
  for (;;) {
    const choice = answered(
      await p.select<Target | typeof HELP>({
        message: "Where will it run?",
        options: [
          ...[DEFAULT_TARGET, ...TARGETS.filter((t) => t !== DEFAULT_TARGET)].map((target) => ({ value: target, label: TARGET_INFO[target].label, hint: TARGET_INFO[target].hint })),
          { value: HELP, label: "Help me choose", hint: "a few questions about the workload" },
        ],
        // The same default as --yes, listed first and highlighted, so Enter and --yes make the same project.
        initialValue: DEFAULT_TARGET,
        ...s,
      }),
      s,
    );
    if (choice !== HELP) return { target: choice };
    const { chooseInteractively } = await import("../choose/interactive.js");
    const handOff = await chooseInteractively(io);
    if (handOff !== null) return { target: handOff.target, template: handOff.template };
    p.log.warn("coldstart scaffolds serverless projects only. Pick a platform anyway, or press Ctrl-C to stop.", s);
  }
}

/** Asked only when the platform has more than one template; its default template comes first. */
async function askTemplate(root: string, target: Target, s: Streams): Promise<Template> {
  const templates = templatesFor(root, target);
  if (templates.length <= 1) return defaultTemplate(root, target);
  const name = answered(
    await p.select<string>({
      message: "Which kind of project?",
      options: templates.map((t) => ({ value: t.name, label: t.name, hint: t.description })),
      initialValue: target,
      ...s,
    }),
    s,
  );
  return namedTemplate(root, name, target);
}

const RESOURCE_PROMPTS: Record<ResourceKey, { label: string; unit: string }> = {
  memory: { label: "Memory", unit: "MB" },
  timeout: { label: "Timeout", unit: "s" },
  cpuMs: { label: "CPU limit per request (limits.cpu_ms, paid plan)", unit: "ms" },
};

async function askSettings(template: Template, flags: CreateFlags, s: Streams): Promise<ResourceFlags> {
  const keys = Object.keys(TARGET_INFO[template.platform].limits) as ResourceKey[];
  const given: ResourceFlags = { memory: flags.memory, timeout: flags.timeout, cpuMs: flags.cpuMs };
  if (keys.some((key) => given[key] !== undefined)) return given;
  const current = keys
    .filter((key) => resourceDefault(template, key) !== undefined)
    .map((key) => `${RESOURCE_PROMPTS[key].label.toLowerCase()} ${resourceDefault(template, key)} ${RESOURCE_PROMPTS[key].unit}`);
  const message = current.length > 0 ? `Change the defaults (${current.join(", ")})?` : "Set a CPU limit per request (limits.cpu_ms, Workers paid plan)?";
  const change = answered(await p.confirm({ message, initialValue: false, ...s }), s);
  if (!change) return given;
  const settings: ResourceFlags = {};
  for (const key of keys) {
    const range = resourceRange(template, key);
    const fallback = resourceDefault(template, key);
    const { label, unit } = RESOURCE_PROMPTS[key];
    const text = answered(
      await p.text({
        message: `${label} in ${unit}${range ? ` (${range.min}-${range.max})` : ""}`,
        ...(fallback === undefined ? {} : { initialValue: String(fallback) }),
        validate: (value) => {
          if (!value || !/^\d+$/.test(value.trim())) return "Enter a whole number.";
          return checkLimit(template, key, Number(value))?.replace(/^--[\w-]+ /, "");
        },
        ...s,
      }),
      s,
    );
    settings[key] = Number(text);
  }
  return settings;
}

function nameProblem(value: string): string | undefined {
  const check = checkName(value);
  if (check.ok) return undefined;
  return `${check.problem.charAt(0).toUpperCase()}${check.problem.slice(1)}.${check.suggestion ? ` Try "${check.suggestion}".` : ""}`;
}

/** Checked while typing, so a taken folder is caught before any other question. */
export function folderProblem(dir: string, force: boolean | undefined): string | undefined {
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return `${path.basename(dir)} exists and is not a folder.`;
  if (force) return undefined;
  const inTheWay = readdirSync(dir).filter((entry) => !isHarmless(entry));
  return inTheWay.length === 0 ? undefined : `${path.basename(dir)} is not empty (${inTheWay.slice(0, 5).join(", ")}${inTheWay.length > 5 ? ", ..." : ""}).`;
}

export function clackReporter(io: Io): Reporter {
  const s = promptStreams(io);
  return {
    info: (text) => p.log.info(text, s),
    success: (text) => p.log.success(text, s),
    warn: (text) => p.log.warn(`${text.charAt(0).toUpperCase()}${text.slice(1)}`, s),
    progress: (text) => spinner(io, text),
    box(title, lines, ok) {
      p.note(lines.join("\n"), title, { ...s, format: (line: string) => line });
      p.outro(ok ? "Happy shipping." : "Almost there: finish the install, then carry on with the steps above.", s);
    },
  };
}

/**
 * clack's spinner puts stdin in raw mode and answers Ctrl-C with process.exit(0), which would skip
 * the "install interrupted, run this to retry" message and report success. This one leaves the
 * terminal alone, so Ctrl-C arrives as SIGINT and stops only the install.
 */
function spinner(io: Io, text: string): (ok: boolean, end: string) => void {
  const c = colors(io);
  const out = io.stdout;
  const frames = ["◒", "◐", "◓", "◑"];
  let frame = 0;
  const draw = () => out.write(`\r\x1b[2K${c.magenta(frames[frame++ % frames.length] ?? "")}  ${text}`);
  out.write(`${c.gray("│")}\n\x1b[?25l`);
  draw();
  const timer = setInterval(draw, 100);
  return (ok, end) => {
    clearInterval(timer);
    out.write(`\r\x1b[2K${ok ? c.green("◇") : c.red("■")}  ${end}\n\x1b[?25h`);
  };
}

import type { Command } from "./templates.js";

export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn", "bun"] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export interface DetectedPm {
  name: PackageManager;
  /** Major version when the user agent states it (yarn 1 has no `dlx`). */
  major: number | undefined;
}

/** `npm create`, `pnpm create`, `yarn create` and `bun create` set npm_config_user_agent ("pnpm/9.1.0 npm/? node/v20 ..."). */
export function detectPackageManager(env: NodeJS.ProcessEnv): DetectedPm {
  const agent = env.npm_config_user_agent ?? "";
  const match = /^(npm|pnpm|yarn|bun)\/(\d+)/.exec(agent.trim());
  if (!match) return { name: "npm", major: undefined };
  return { name: match[1] as PackageManager, major: Number(match[2]) };
}

export function installArgs(_pm: PackageManager): string[] {
  return ["install"];
}

export function installCommand(pm: PackageManager): string {
  return [pm, ...installArgs(pm)].join(" ");
}

/**
 * Always `<pm> run <script>`: bare `pnpm deploy` is pnpm's own workspace command, and bare `bun dev`
 * would run a file named dev first. npm needs `--` before the script's own arguments.
 */
export function runScript(pm: PackageManager, script: string, args: readonly string[] = []): string {
  const rest = args.length === 0 ? "" : pm === "npm" ? ` -- ${args.join(" ")}` : ` ${args.join(" ")}`;
  return `${pm} run ${script}${rest}`;
}

/** Runs a package's binary without installing it globally. Yarn 1 has no dlx, so it falls back to npx. */
export function execCommand(pm: DetectedPm, command: string): string {
  switch (pm.name) {
    case "pnpm":
      return `pnpm dlx ${command}`;
    case "yarn":
      return pm.major !== undefined && pm.major >= 2 ? `yarn dlx ${command}` : `npx ${command}`;
    case "bun":
      return `bunx ${command}`;
    default:
      return `npx ${command}`;
  }
}

export function commandLine(pm: DetectedPm, command: Command): string {
  if ("script" in command) return runScript(pm.name, command.script, command.args);
  if ("exec" in command) return execCommand(pm, command.exec);
  return command.shell;
}

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

export function installArgs(pm: PackageManager): string[] {
  return ["install"];
}

export function installCommand(pm: PackageManager): string {
  return [pm, ...installArgs(pm)].join(" ");
}

/** `npm run dev`, `pnpm dev`, `yarn dev`, `bun run dev` (bare `bun dev` would run a file named dev first). */
export function runScript(pm: PackageManager, script: string): string {
  if (pm === "npm" || pm === "bun") return `${pm} run ${script}`;
  return `${pm} ${script}`;
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
  return "script" in command ? runScript(pm.name, command.script) : execCommand(pm, command.exec);
}

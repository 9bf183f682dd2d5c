import { installArgs, installCommand, type PackageManager } from "./package-manager.js";

export type InstallOutcome =
  | { status: "done"; command: string }
  | { status: "skipped"; command: string }
  | { status: "failed"; command: string; reason: string; output: string; interrupted: boolean };

/**
 * Runs `<pm> install` in the project without a shell. Output is captured, not streamed, so the
 * spinner stays readable; on failure the tail of it is shown.
 */
export async function installDependencies(
  dir: string,
  pm: PackageManager,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<InstallOutcome> {
  const { execa } = await import("execa");
  const command = installCommand(pm);
  const result = await execa(pm, installArgs(pm), {
    cwd: dir,
    env: { ...env, npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false" },
    extendEnv: false,
    reject: false,
    all: true,
    stdin: "ignore",
    ...(signal ? { cancelSignal: signal } : {}),
  });
  if (!result.failed) return { status: "done", command };
  const reason =
    (result as { code?: string }).code === "ENOENT"
      ? `${pm} was not found on PATH`
      : result.isCanceled
        ? "the install was interrupted"
        : result.isTerminated
        ? `${command} was stopped (${result.signal ?? "signal"})`
        : `${command} exited with code ${result.exitCode ?? "?"}`;
  return { status: "failed", command, reason, output: tail(String(result.all ?? ""), 20), interrupted: result.isCanceled };
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

import type { PackageManager } from "./package-manager.js";
import type { PlannedFile } from "./plan.js";

/**
 * Files a package manager needs to install the template as npm does:
 * - pnpm runs dependency install scripts only when allowed; pnpm 11 stops with
 *   ERR_PNPM_IGNORED_BUILDS, so allow the ones the template needs (allowBuilds for pnpm 11,
 *   onlyBuiltDependencies for pnpm 10).
 * - Yarn 2+ defaults to Plug'n'Play, which wrangler and vitest pools do not support; a node_modules
 *   layout works everywhere (Yarn 1 ignores the file).
 */
export function packageManagerFiles(pm: PackageManager, builtDependencies: readonly string[]): PlannedFile[] {
  if (pm === "pnpm" && builtDependencies.length > 0) {
    const names = [...builtDependencies].sort();
    const text = [
      "# Dependencies allowed to run install scripts (they set up native binaries).",
      "allowBuilds:",
      ...names.map((name) => `  ${name}: true`),
      "onlyBuiltDependencies:",
      ...names.map((name) => `  - ${name}`),
      "",
    ].join("\n");
    return [{ path: "pnpm-workspace.yaml", contents: Buffer.from(text), mode: 0o644 }];
  }
  if (pm === "yarn") {
    return [{ path: ".yarnrc.yml", contents: Buffer.from("nodeLinker: node-modules\n"), mode: 0o644 }];
  }
  return [];
}

/**
 * What an import specifier names. Bundling itself is esbuild's (tsconfig `paths`, package `exports`,
 * conditions); this only names what esbuild could not resolve, and tells a package from an alias.
 */

/** The first one or two segments of a bare specifier: `@scope/pkg/sub` -> `@scope/pkg`, `pkg/sub` -> `pkg`, `~/lib/db` -> `~`, `@/ui` -> `@`. */
export function bareRoot(specifier: string): string {
  const parts = specifier.split("/");
  return /^@[^/]/.test(specifier) && parts.length > 1 ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * Whether a bare root can be a package on the registry. npm refuses names with `~'!()*`, a leading
 * dot or underscore, and anything not URL-safe (https://github.com/npm/validate-npm-package-name),
 * so `~/lib/db`, `$lib/server`, `@/components` and `#app` are aliases (tsconfig `paths`, a
 * framework's, or package.json `imports`), never packages that are not installed.
 */
export function isPackageName(root: string): boolean {
  return /^(?:@[a-z0-9-][a-z0-9._-]*\/)?[a-z0-9-][a-z0-9._-]*$/i.test(root) && root.length <= 214;
}

/** The package a bare specifier imports, or undefined for relative paths, URLs, built-in schemes and aliases. */
export function packageOf(specifier: string): string | undefined {
  if (/^[./]/.test(specifier) || specifier.includes(":")) return undefined;
  const root = bareRoot(specifier);
  return isPackageName(root) ? root : undefined;
}

/** How a report names an alias root: `~/`, `$lib/`, `@/`. */
export function aliasLabel(root: string): string {
  return `${root}/`;
}

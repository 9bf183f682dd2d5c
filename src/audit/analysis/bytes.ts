/** Decimal units, as esbuild, wrangler and the platforms' docs print them. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

/** The biggest packages of a bundle, `name 123.4 KB`, for messages. */
export function biggestPackages(packages: ReadonlyArray<{ name: string; bytes: number }>, count = 5): string {
  return packages
    .filter((p) => p.bytes > 0)
    .slice(0, count)
    .map((p) => `${p.name === "(project)" ? "your own code" : p.name} ${formatSize(p.bytes)}`)
    .join(", ");
}

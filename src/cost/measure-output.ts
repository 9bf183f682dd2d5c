/** The JSON the runners print after their marker line. */
export function parseMeasurement(stdout: string): Record<string, unknown> | undefined {
  const marker = stdout.lastIndexOf("__COLDSTART_MEASURE__");
  if (marker < 0) return undefined;
  return JSON.parse(stdout.slice(marker + "__COLDSTART_MEASURE__".length).split("\n")[0] ?? "{}") as Record<string, unknown>;
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((l) => l.trim() !== "")?.trim() ?? "unknown error";
}

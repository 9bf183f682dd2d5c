import type { Reporter } from "./shared.js";

export type Format = "pretty" | "json" | "sarif" | "github" | "markdown" | "compact";

export const FORMATS: Format[] = ["pretty", "json", "sarif", "github", "markdown", "compact"];

/** Reporters load lazily; each is `(result, options) => string`. */
export const reporters: Record<Format, () => Promise<Reporter>> = {
  pretty: async () => (await import("./pretty.js")).pretty,
  json: async () => (await import("./json.js")).json,
  sarif: async () => (await import("./sarif.js")).sarif,
  github: async () => (await import("./github.js")).github,
  markdown: async () => (await import("./markdown.js")).markdown,
  compact: async () => (await import("./compact.js")).compact,
};

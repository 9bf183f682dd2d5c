import { createRequire } from "node:module";

type Esbuild = typeof import("esbuild");

let esbuild: Promise<Esbuild> | undefined;

/**
 * esbuild's API, loaded once per run by the first build that needs it. By require(): esbuild is
 * CommonJS, and import() makes Node lex its 97 KB for export names first (~15 ms of CPU on every audit).
 */
export function loadEsbuild(): Promise<Esbuild> {
  return (esbuild ??= Promise.resolve().then(() => createRequire(import.meta.url)("esbuild") as Esbuild));
}

import path from "node:path";
import { astroModule } from "./astro-frontmatter.js";

/**
 * Files whose server code is only part of the file (an Astro component's frontmatter): the
 * TypeScript view the bundler and the checks read instead, every line where it is written.
 */
const FILE_VIEWS: Record<string, (text: string) => string> = { ".astro": astroModule };

/** Matches the files that have a view, for the bundler's onLoad. */
export const VIEW_FILTER = new RegExp(`(${Object.keys(FILE_VIEWS).map((ext) => `\\${ext}`).join("|")})$`, "i");

/** The text the bundler and the checks should read for `file`: its view, or the text itself. */
export function fileView(file: string, text: string): string {
  const view = FILE_VIEWS[path.extname(file).toLowerCase()];
  return view ? view(text) : text;
}

import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let lib: typeof Yaml | undefined;

/**
 * The yaml library, loaded when the first YAML file is read. It is 72 CommonJS modules (about 30 ms
 * to load), and discovery, which every audit runs, imports the readers that use it: a project
 * without serverless.yml or a SAM template never needs it.
 */
export function yaml(): typeof Yaml {
  return (lib ??= createRequire(import.meta.url)("yaml") as typeof Yaml);
}

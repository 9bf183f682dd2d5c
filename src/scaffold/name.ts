import { builtinModules } from "node:module";

export type NameCheck = { ok: true } | { ok: false; problem: string; suggestion: string | undefined };

/** Worker names allow up to 63 characters; keep room for the `-preview` style suffixes tools add. */
export const MAX_NAME_LENGTH = 58;

/**
 * The name must be a valid npm package name and, because the templates also use it as the Worker
 * name and the CloudFormation stack name, stick to lowercase letters, digits and dashes, starting
 * with a letter.
 */
export function checkName(name: string): NameCheck {
  const problem = npmProblem(name) ?? platformProblem(name);
  if (problem === undefined) return { ok: true };
  const suggestion = suggestName(name);
  return { ok: false, problem, suggestion: suggestion === name ? undefined : suggestion };
}

function npmProblem(name: string): string | undefined {
  if (name.length === 0) return "the name is empty";
  if (name.trim() !== name) return "npm package names cannot start or end with spaces";
  if (name.length > 214) return "npm package names are at most 214 characters";
  if (/^[._]/.test(name)) return "npm package names cannot start with a dot or an underscore";
  if (name !== name.toLowerCase()) return "npm package names cannot contain uppercase letters";
  if (/[~'!()*]/.test(name)) return "npm package names cannot contain ~'!()*";
  if (name === "node_modules" || name === "favicon.ico") return `"${name}" is a reserved name`;
  if (builtinModules.includes(name)) return `"${name}" is the name of a Node.js core module`;
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  const parts = scoped ? [scoped[1] ?? "", scoped[2] ?? ""] : [name];
  if (!scoped && name.includes("/")) return "npm package names can contain a slash only after an @scope";
  if (parts.some((part) => encodeURIComponent(part) !== part)) return "npm package names can contain only URL-safe characters";
  return undefined;
}

function platformProblem(name: string): string | undefined {
  if (name.startsWith("@")) return "scoped names cannot be used as a Worker or stack name";
  if (name.length > MAX_NAME_LENGTH) return `the name is longer than ${MAX_NAME_LENGTH} characters (it is also the Worker name)`;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    return "use lowercase letters, digits and dashes, starting with a letter (the name is also the Worker and stack name)";
  }
  if (name.endsWith("-")) return "the name cannot end with a dash";
  return undefined;
}

/** A valid name close to the input, e.g. "My API!" -> "my-api", "@acme/api" -> "api", "2fa" -> "app-2fa". */
export function suggestName(input: string): string {
  let name = input.trim().replace(/^@[^/]*\//, "").toLowerCase();
  name = name.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (name === "") return "my-app";
  if (!/^[a-z]/.test(name)) name = `app-${name}`;
  name = name.slice(0, MAX_NAME_LENGTH).replace(/-+$/, "");
  if (builtinModules.includes(name)) name = `${name}-app`;
  return name;
}

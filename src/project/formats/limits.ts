/**
 * Bounds on the work one config file can cause. Audits run on pull requests from strangers, so a
 * file may be written to hang or crash a parser; each bound sits far above what a real project
 * writes, and hitting one is reported at the file like a syntax error.
 */

/**
 * Config files larger than this are not parsed. The largest config a real project has is a
 * CloudFormation template, and CloudFormation accepts at most 51,200 bytes inline and 1 MB from S3
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html);
 * wrangler, vercel.json, package.json and serverless.yml files are kilobytes. 5 MB leaves room for
 * comments in a SAM source template and still parses in about a second.
 */
export const MAX_CONFIG_BYTES = 5_000_000;

/**
 * Collections nested deeper than this are refused before anything recursive sees them: the YAML
 * and JSON parsers recurse once per level and run out of stack well under a thousand levels (the
 * `yaml` library at about 800 from an empty stack). Real configs nest under 20 levels; an inline
 * Step Functions definition in a template, about 30.
 */
export const MAX_NESTING = 200;

/**
 * How many values YAML aliases may add when expanded, in all. A nine-line "billion laughs" file
 * expands to 9^9 values; a serverless.yml reusing a block of settings in every function adds
 * hundreds. The `yaml` library's own guard (`maxAliasCount`) only covers its `toJS()`, which
 * coldstart does not use: it walks the nodes itself to keep CloudFormation tags and positions.
 */
export const MAX_ALIAS_VALUES = 100_000;

/** A file that could not be read into a value: a syntax error, or one of the bounds above. */
export interface ParseFailure {
  ok: false;
  message: string;
  line: number;
  column: number;
  /** Set when a bound was hit: the message then explains itself and is not "not valid". */
  limit?: true;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Undefined when `text` is small enough to parse; else the failure to report, at line 1. */
export function oversize(text: string): ParseFailure | undefined {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most files are cleared without counting.
  if (text.length * 3 <= MAX_CONFIG_BYTES) return undefined;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes <= MAX_CONFIG_BYTES) return undefined;
  return limitFailure(
    `is ${megabytes(bytes)}, over the ${megabytes(MAX_CONFIG_BYTES)} coldstart reads from one config file (CloudFormation itself accepts templates of at most 1 MB), so it was not read.`,
    { line: 1, column: 1 },
  );
}

/** Nesting past MAX_NESTING, at the collection that went one level too deep. */
export function tooDeep(at: { line: number; column: number }, how = ""): ParseFailure {
  return limitFailure(
    `nests collections more than ${MAX_NESTING} levels deep${how}, which no real configuration does and which would exhaust the parser's stack, so it was not read. Flatten the structure.`,
    at,
  );
}

export function limitFailure(message: string, at: { line: number; column: number }): ParseFailure {
  return { ok: false, message, line: at.line, column: at.column, limit: true };
}

/**
 * The problem to report for a project file: `<name> <syntax>: <message>`, or the bound's own words
 * and a way out for a file that only looks like configuration.
 */
export function failureMessage(name: string, failure: ParseFailure, syntax: string): string {
  if (!failure.limit) return `${name} ${syntax}: ${failure.message}`;
  return `${name} ${failure.message} If it is generated data rather than configuration, add it to \`ignore\` in coldstart.config.json.`;
}

/**
 * What counts as source and what counts as build output, written once for discovery, the bundler
 * and the rules.
 */

/** Extensions a function's code may have, in the order bundlers try them for an extensionless path. */
export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

/** A JavaScript or TypeScript file. */
export const SOURCE_FILE = /\.[cm]?[jt]sx?$/i;

/** Code the rules read: source, and JSON (imported as data, and parsed as an object literal). */
export const CODE_OR_JSON = /\.(?:[cm]?[jt]sx?|json)$/i;

/** Declarations, tests and specs: source files that are never a function's code. */
export const NOT_FUNCTION_SOURCE = /(?:\.d\.[cm]?ts|\.(?:test|spec)\.[a-z]+)$/;

/** Folders tools write build output into: a path through one names a file that exists only after a build. */
export const BUILD_DIRS: ReadonlySet<string> = new Set([
  "dist", "build", "out", "output", ".build", ".esbuild", ".webpack", ".aws-sam", "cdk.out", ".serverless",
  ".next", ".vercel", ".wrangler", ".open-next", ".svelte-kit", ".output", ".netlify", ".turbo",
]);

/** Build output plus `lib/`, where TypeScript projects often compile to: where a handler's source is looked for beside its build. */
export const COMPILED_DIRS: ReadonlySet<string> = new Set([...BUILD_DIRS, "lib"]);

/**
 * Folders of tests: what is in them (sample configs, CloudFormation snapshots, the Workers a test
 * pool runs) is not what the project deploys. `test`, `tests`, `__tests__`, `e2e`, `spec`, `specs`,
 * `__mocks__`, and names ending in `-tests`, `-e2e` or `-specs` (also with `_` or `.`: `e2e-tests`,
 * `browser-tests`, `tests-e2e`). Not a name that merely holds one (`contest`, `dotnet-test-samples`,
 * `test-containers`), nor a singular `-test` (`ab-test` is as likely a Worker that runs A/B tests).
 */
export const TEST_FOLDER = /(?:^|\/)(?:tests?|__tests__|e2e|specs?|__mocks__|[\w.-]*[-_.](?:tests|e2e|specs))\//;

/**
 * Packages that make a serverless function heavy, and what to use instead.
 *
 * Criteria for a row: the package is either not tree-shakable (one CommonJS module or a barrel that
 * pulls in everything, so importing one function ships all of it), carries a native binary or a
 * browser (hundreds of MB on disk, unusable on Workers and the Edge Runtime), or is deprecated with a
 * built-in replacement (`fetch`). Sizes are printed only where a measurement is cited (reference/audit.md
 * section 3); otherwise the real bytes come from the esbuild metafile when the package is installed.
 *
 * Left out on purpose: `axios` (about a tenth of moment, and its fetch adapter runs on the edge since
 * 1.7: a size rather than a correctness problem, which `bundle/size-budget` already ranks);
 * `lodash-es` and per-method `lodash/<name>` imports (tree-shakable, the recommended fix); modular
 * `@aws-sdk/client-*` (the recommended fix); `date-fns`, `dayjs`, `luxon` (the recommended fixes).
 */
import { packageOf } from "../../project/source/specifiers.js";
export type HeavyKind =
  /** Plain JavaScript that ships whole: a lighter library or a built-in does the same job. */
  | "whole-library"
  /** A native addon, binary or browser: the job itself is heavy, so it belongs in its own function. */
  | "native-or-browser";

export interface HeavyPackage {
  /** The package name as written in imports. */
  name: string;
  kind: HeavyKind;
  /** Why it is heavy, one clause. */
  why: string;
  /** What to use instead, one sentence without the leading "Instead, ". */
  instead: string;
  /** A measured size with its source, printed when the package is not installed. */
  measured?: { text: string; source: string };
  /** True when `specifier` (a full import specifier of this package) is the heavy form. */
  matches?: (specifier: string) => boolean;
}

const exactly = (name: string) => (specifier: string) => specifier === name;

const SEPARATE_FUNCTION =
  "run it in a dedicated function (or a container) with its own memory and timeout, and call that from this one, so the functions that serve ordinary requests do not load it";

export const HEAVY_PACKAGES: readonly HeavyPackage[] = [
  {
    name: "aws-sdk",
    kind: "whole-library",
    why: "the AWS SDK v2 is one package with every service client (in maintenance mode, and not included in the Lambda nodejs18.x and later runtimes)",
    instead: "import only the modular v3 client you use, such as `@aws-sdk/client-s3` or `@aws-sdk/client-dynamodb`",
    measured: { text: "a DynamoDB handler bundles to 305 KB with v2 vs 78-82 KB with modular v3", source: "trivikr/aws-sdk-js-bundle-size-comparisons" },
  },
  {
    name: "moment",
    kind: "whole-library",
    why: "Moment is not tree-shakable and is in maintenance mode",
    instead: "use `Intl.DateTimeFormat` / `Date` for formatting, or `date-fns` (tree-shakable) or `dayjs` (6.5 KB)",
    measured: { text: "329 KB minified (69.6 KB gzip)", source: "You-Dont-Need-Momentjs README" },
  },
  {
    name: "moment-timezone",
    kind: "whole-library",
    why: "it is Moment plus the IANA time-zone database, neither tree-shakable",
    instead: "use `Intl.DateTimeFormat` with its `timeZone` option, or `date-fns-tz`",
    measured: { text: "Moment alone is 329 KB minified (69.6 KB gzip), before the time-zone data", source: "You-Dont-Need-Momentjs README" },
  },
  {
    name: "lodash",
    kind: "whole-library",
    why: "the `lodash` entry is one CommonJS module, so importing one function ships the whole library",
    instead: "import the method you use (`import get from \"lodash/get\"`), use `lodash-es` so the bundler keeps only what you call, or the built-in (`?.`, `structuredClone`, `Array.prototype.flat`)",
    matches: exactly("lodash"),
  },
  {
    name: "underscore",
    kind: "whole-library",
    why: "Underscore is one module, so importing one function ships the whole library",
    instead: "use the built-in equivalent (`Array.prototype.map/filter/find`, `Object.entries`, `structuredClone`) or a per-method `lodash/<name>` import",
  },
  {
    name: "googleapis",
    kind: "whole-library",
    why: "`googleapis` bundles every Google API client (hundreds of them) behind one entry",
    instead: "use the single-API package (`@googleapis/sheets`, `@googleapis/drive`, ...) with `google-auth-library`",
  },
  {
    name: "firebase-admin",
    kind: "whole-library",
    why: "the root `firebase-admin` entry loads every service (Firestore with gRPC, Storage, Messaging, Auth)",
    instead: "import the modular entry points you use (`firebase-admin/app`, `firebase-admin/firestore`, `firebase-admin/auth`)",
    matches: exactly("firebase-admin"),
  },
  {
    name: "request",
    kind: "whole-library",
    why: "`request` is deprecated (since 2020) and pulls in a large dependency tree",
    instead: "use the built-in `fetch` (with `AbortSignal.timeout`)",
  },
  {
    name: "request-promise",
    kind: "whole-library",
    why: "it wraps the deprecated `request` and its dependency tree",
    instead: "use the built-in `fetch` (with `AbortSignal.timeout`)",
  },
  {
    name: "request-promise-native",
    kind: "whole-library",
    why: "it wraps the deprecated `request` and its dependency tree",
    instead: "use the built-in `fetch` (with `AbortSignal.timeout`)",
  },
  {
    name: "jsdom",
    kind: "whole-library",
    why: "jsdom implements a whole browser DOM and is slow to load",
    instead: "parse HTML with a small parser (`linkedom`, `node-html-parser`, `parse5`), or `HTMLRewriter` on Workers",
  },
  {
    name: "puppeteer",
    kind: "native-or-browser",
    why: "Puppeteer downloads and drives a full Chromium (hundreds of MB, past the 250 MB function limits)",
    instead: `${SEPARATE_FUNCTION}: \`puppeteer-core\` with \`@sparticuz/chromium\` on Lambda, or a hosted browser (Cloudflare Browser Rendering)`,
  },
  {
    name: "playwright",
    kind: "native-or-browser",
    why: "Playwright downloads and drives full browsers (hundreds of MB, past the 250 MB function limits)",
    instead: `${SEPARATE_FUNCTION}, or a hosted browser service`,
  },
  {
    name: "@sparticuz/chromium",
    kind: "native-or-browser",
    why: "it ships a compressed Chromium that is unpacked to /tmp on a cold start",
    instead: SEPARATE_FUNCTION,
  },
  {
    name: "chrome-aws-lambda",
    kind: "native-or-browser",
    why: "it ships a compressed Chromium that is unpacked to /tmp on a cold start (and is unmaintained)",
    instead: `${SEPARATE_FUNCTION}, with \`@sparticuz/chromium\``,
  },
  {
    name: "sharp",
    kind: "native-or-browser",
    why: "sharp is a native addon that ships the libvips binary",
    instead: `${SEPARATE_FUNCTION}, or the platform's image service (Vercel Image Optimization / \`next/image\`, Cloudflare Images)`,
  },
  {
    name: "canvas",
    kind: "native-or-browser",
    why: "`canvas` is a native addon that ships Cairo and its libraries",
    instead: SEPARATE_FUNCTION,
  },
  {
    name: "ffmpeg-static",
    kind: "native-or-browser",
    why: "it ships an ffmpeg binary of tens of MB",
    instead: `${SEPARATE_FUNCTION}, or a media service (AWS Elemental MediaConvert, Cloudflare Stream)`,
  },
];

const byName = new Map(HEAVY_PACKAGES.map((p) => [p.name, p]));


/** The table row for an import specifier, when it imports the heavy form of a listed package. */
export function heavyPackageFor(specifier: string): HeavyPackage | undefined {
  const name = packageOf(specifier);
  const row = name === undefined ? undefined : byName.get(name);
  if (!row) return undefined;
  return !row.matches || row.matches(specifier) ? row : undefined;
}

/** A cheap text test for files that may import a listed package. */
export const HEAVY_PRESCAN = new RegExp(
  `['"\`](?:${HEAVY_PACKAGES.map((p) => p.name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})(?:['"\`/])`,
);

/** What discovery finds: every function in a project, what it runs on, and where its config came from. */

// Platforms and runtimes are declared once, in the registry (src/platforms/).
export type { Platform, RuntimeKind } from "../platforms/index.js";
import type { Platform, RuntimeKind } from "../platforms/index.js";

export interface SourceLocation {
  /** Relative to the audited folder, forward slashes. */
  file: string;
  /** 1-based; 0 when the file has no meaningful line. */
  line: number;
  column?: number;
}

export interface WorkersSettings {
  compatibilityDate: string | undefined;
  compatibilityFlags: string[];
  /** The installed or pinned workerd's newest supported date, when it can be told. */
  workerdMaxDate: string | undefined;
  /** The local Workers tools the project installs or declares (wrangler, the Vitest pool, the Vite plugin). */
  tools?: WorkersTool[];
  limits: { cpuMs?: number } | undefined;
  /** Settings only the Workers Paid plan (and Enterprise) accepts, where written: Tail Workers, Logpush, Containers. */
  paidOnly?: Array<{ key: "tail_consumers" | "logpush" | "containers"; at: SourceLocation }>;
  bindings: {
    kv: string[];
    d1: string[];
    r2: string[];
    hyperdrive: string[];
    /** Queue producer bindings (`queues.producers[].binding`). */
    queues: string[];
    /** Durable Object namespace bindings (`durable_objects.bindings[].name`). */
    durableObjects: string[];
    vars: Record<string, unknown>;
  };
  /** Named environment this function was read from (`env.staging`), if any. */
  environment: string | undefined;
  /** wrangler `rules`: files imported as Text, Data or CompiledWasm modules instead of code. */
  moduleRules?: Array<{ type: string; globs: string[] }>;
  /**
   * A framework build that bundles the Worker before wrangler sees it (Nitro): it replaces the
   * Node.js built-ins the Worker's flags do not provide with unenv's stubs instead of failing;
   * `nodeCompat` says how to turn Node.js compatibility on in its own config; `globals` are the
   * Node.js globals its build injects whatever the flags (`process`, `Buffer`).
   */
  builtBy?: { name: string; nodeCompat: { how: string; example: string }; globals: string[] };
  /** The Worker's `name`, when set (inherited by environments, as wrangler does). */
  name?: string;
  /** Where each setting is written, for findings. */
  locations: Partial<Record<"compatibilityDate" | "compatibilityFlags" | "main" | "limits" | "vars" | "config", SourceLocation>>;
  /** wrangler v1 settings that wrangler 4 refuses or ignores (`type`, `node_compat`, `[site]`...), where written. */
  legacy?: LegacyWranglerSetting[];
  /** Without `main`, the entry wrangler v1 would have used (package.json `main`, `index.js`): where it was read from. */
  guessedMain?: { value: string; from: string };
}

export interface WorkersTool {
  name: "wrangler" | "@cloudflare/vitest-pool-workers" | "@cloudflare/vite-plugin";
  /** The installed version, or the range package.json declares when it is not installed. */
  version: string;
  installed: boolean;
  /** The miniflare it runs (`4.YYYYMMDD.N`, the date of the workerd it pins), when installed. */
  miniflare: string | undefined;
}

export interface LegacyWranglerSetting {
  key: "type" | "webpack_config" | "node_compat" | "site" | "site.entry-point" | "build.upload" | "kv-namespaces";
  /** The value as written, for messages (`webpack`, `true`, the `[site]` bucket). */
  value: string;
  at: SourceLocation;
}

export interface VercelSettings {
  /** `framework`: a framework app's server code (SvelteKit, Astro, Nitro, TanStack Start...), deployed by its adapter. */
  kind: "app-route" | "metadata-route" | "pages-api" | "middleware" | "proxy" | "vercel-api" | "framework";
  /** `next` major from package.json, when Next.js is used. */
  nextMajor: number | undefined;
  /** Route path, such as /api/users/[id]. */
  route: string | undefined;
  maxDuration: { seconds: number; at: SourceLocation } | undefined;
  memory: { mb: number; at: SourceLocation } | undefined;
  /** Where `export const runtime` (or config.runtime) is written, if anywhere. */
  runtimeAt: SourceLocation | undefined;
  regions: string[] | undefined;
  /** vercel.json `env`, when set. */
  env?: { values: Record<string, unknown>; at: SourceLocation };
  /** For a framework's function: where its settings are written and who builds it, for advice. */
  advice?: {
    /** How to set its maxDuration: "`export const config = { maxDuration: 30 }` to the route file". */
    maxDuration: string;
    /** How to move it off the Edge Runtime, when it runs there. */
    leaveEdge?: string;
    /** Who bundles its edge code (`SvelteKit's adapter-vercel`): a built-in it cannot provide fails that build. */
    edgeBundler?: string;
  };
}

export interface LambdaTrigger {
  /**
   * `authorizer`: API Gateway calls it as a Lambda authorizer of a REST or HTTP API (see `authorizer`).
   * `websocket`: a route of an API Gateway WebSocket API; `function-url`: its own HTTPS endpoint (a
   * Lambda function URL); `alb`: the target of an Application Load Balancer target group.
   */
  type: "api" | "http-api" | "websocket" | "function-url" | "alb" | "authorizer" | "sqs" | "kinesis" | "dynamodb" | "s3" | "sns" | "schedule" | "eventbridge" | "other";
  at: SourceLocation;
  /** For authorizers: TOKEN or REQUEST, of a REST API (`rest`) or an HTTP API (`http`, always REQUEST). */
  authorizer?: { kind: "token" | "request"; api: "rest" | "http" };
  /** For HTTP API events and authorizers: the payload format version, when the config says (or its default is documented). */
  payloadFormat?: "1.0" | "2.0";
  /**
   * The event's shape is set by the project, not by the service: a non-proxy REST integration (its
   * mapping template builds the event), an EventBridge target with Input, InputPath or InputTransformer.
   */
  customEvent?: boolean;
  /** For SQS event sources: whether FunctionResponseTypes includes ReportBatchItemFailures. */
  reportBatchItemFailures?: boolean;
  /** For SQS event sources: ScalingConfig.MaximumConcurrency (CDK `maxConcurrency`), when set to a number. */
  maximumConcurrency?: number;
  /** A REST API integration that streams its response (`ResponseTransferMode: STREAM`): not held to the 29 s integration timeout. */
  streaming?: boolean;
  /** A REST API integration that invokes the function asynchronously (`X-Amz-Invocation-Type: 'Event'`): it answers at once, so the function's timeout is not held to the integration's. */
  asynchronous?: boolean;
  /**
   * Known only from an `AWS::Lambda::Permission`: it says a service may invoke the function, not
   * through which event source or with which integration settings.
   */
  permissionOnly?: boolean;
  /** For SQS event sources: BatchSize (CDK `batchSize`, Serverless `batchSize`), when set to a number. */
  batchSize?: number;
}

export interface LambdaSettings {
  /**
   * `external`: deployed by something outside the repository's infrastructure code (the console, a
   * script, the tool that deploys a framework's build); `framework`: built by a framework's adapter
   * (Nitro's aws-lambda preset), deployed by a tool coldstart does not read; `sst`: an SST v3 component.
   */
  source: "sam" | "cloudformation" | "serverless" | "cdk" | "sst" | "external" | "framework";
  /** Logical id, serverless function key or CDK construct id. */
  name: string;
  handlerExport: string;
  runtime: { value: string; at: SourceLocation } | undefined;
  timeout: { seconds: number; at: SourceLocation } | undefined;
  memory: { mb: number; at: SourceLocation } | undefined;
  architecture: "x86_64" | "arm64";
  reservedConcurrency: number | undefined;
  triggers: LambdaTrigger[];
  environment: { values: Record<string, unknown>; at: SourceLocation } | undefined;
  /** Settings that are written but not statically known (`!Ref` without a default, `${self:...}`), so not missing. */
  unresolved?: Array<"runtime" | "timeout" | "memory" | "reservedConcurrency">;
  /** X-Ray active tracing (SAM `Tracing: Active`, serverless `tracing.lambda`), where it is turned on. */
  tracing?: { active: boolean; at: SourceLocation };
  /** Provisioned Concurrency units (SAM `ProvisionedConcurrencyConfig`, serverless `provisionedConcurrency`). */
  provisionedConcurrency?: { units: number; at: SourceLocation };
  /** The region the deployment names (serverless `provider.region`), when written as a plain value. */
  region?: { value: string; at: SourceLocation };
  /** SnapStart turned on (SAM/CloudFormation `SnapStart.ApplyOn: PublishedVersions`, serverless `snapStart`, CDK `snapStart`), where. */
  snapStart?: { at: SourceLocation };
}

/** What a framework made of a file: its route and role, and where its deploy target was read. */
export interface FrameworkInfo {
  /** The adapter's id: `sveltekit`, `astro`, `nuxt`. */
  id: string;
  /** The route it serves, when it is a route (`/api/orders/[id]`). */
  route?: string;
  /** Its role: `endpoint`, `page-server`, `hooks`, `middleware`, `server-function`. */
  role: string;
  /** Where the deploy target (adapter, preset) is written, when it is written. */
  targetAt?: SourceLocation;
}

/**
 * Code written inside a template or infrastructure file rather than in a file of its own (SAM
 * `InlineCode`, CloudFormation `Code.ZipFile`, CDK `Code.fromInline`): analysed as a virtual file,
 * its findings placed back where each line is written.
 */
export interface InlineCode {
  /** Absolute path of the file the code is written in. */
  file: string;
  text: string;
  /** Where line i + 1 of `text` is written in `file`: its line, and the column of the code's column 1. */
  lines: Array<{ line: number; column: number }>;
}

export interface FunctionInfo {
  /** Stable id, unique in the project: `<platform>:<relative entry>[#<name>]`. */
  id: string;
  platform: Platform;
  runtime: RuntimeKind;
  /** Absolute path of the entry source file (for inline code, a virtual path beside `inline.file`). */
  entry: string;
  /** The code, when it is written inline in `inline.file`. */
  inline?: InlineCode;
  /** Where the function is declared (route file, wrangler config, template resource). */
  config: SourceLocation;
  /** Absolute root of the package this function belongs to (a workspace package in monorepos). */
  packageRoot: string;
  /**
   * The folder the platform packages, when narrower than the project (SAM `CodeUri`): a file outside
   * it never reaches the deploy, so it cannot fail it.
   */
  deployRoot?: string;
  /**
   * Its source file could not be found (a config-error says where it was looked for): `entry` is the
   * path the config names, and only the checks of its configuration run (runtime, memory, timeout).
   */
  codeMissing?: boolean;
  workers?: WorkersSettings;
  vercel?: VercelSettings;
  lambda?: LambdaSettings;
  framework?: FrameworkInfo;
  /**
   * Where it runs when that is not the platform's own service: Shopify Oxygen runs workerd, so the
   * Workers rules apply, but neither Cloudflare's prices nor its configuration do.
   */
  host?: {
    /** The id prefix in place of the platform's: `oxygen:server.ts`. */
    id: string;
    name: string;
    /** Why it is not priced, for `cost`. */
    why: string;
  };
  /** The exports the platform calls per request, when the adapter knows them (`load`, `actions`, `loader`). */
  handlers?: string[];
  /** Functions deployed together as one unit (a whole app in one Worker): judged against one size budget. */
  deployUnit?: string;
  /**
   * How the framework's build resolves imports: path aliases (`$lib` -> src/lib, absolute) and
   * modules it provides at build time (`$app/*`, `virtual:*`), which are left external.
   */
  build?: {
    alias?: Record<string, string>;
    external?: string[];
    /** Names the framework imports where they are used without an import (Nitro's server/utils): name -> absolute file. */
    autoImports?: Record<string, string>;
  };
  /** How the deploy bundles this function (SAM, CDK or Serverless esbuild settings, or the project's own esbuild build script): the audit bundles the same way. */
  deployBuild?: DeployBuild;
}

export interface DeployBuild {
  /** Where the options were read, for reports ("template.yaml Metadata.BuildProperties"). */
  from: string;
  minify: boolean;
  format?: "esm" | "cjs";
  /** esbuild target ("node22", "es2020"). */
  target?: string;
  mainFields?: string[];
  /** Modules the deploy leaves out of the bundle (the runtime provides them). */
  external?: string[];
  /** Text put before the JavaScript output (a createRequire shim in ESM builds). */
  banner?: string;
}

export interface ConfigFileInfo {
  /** Absolute path. */
  path: string;
  kind: "wrangler" | "vercel-json" | "sam" | "cloudformation" | "serverless" | "cdk" | "sst" | "next-config" | "framework-config" | "package-json" | "tsconfig";
}

export interface Project {
  /** Absolute path of the audited folder. */
  root: string;
  functions: FunctionInfo[];
  configFiles: ConfigFileInfo[];
  /** Package roots discovered (the root alone unless it is a workspace). */
  packages: string[];
  /**
   * Workspace packages by package.json `name` (absolute folders): this workspace's, or the one the
   * audited folder belongs to. Imports of them resolve to their source before `npm install`.
   */
  workspacePackages?: Record<string, string>;
  /** Problems found while reading configuration: become `config-error` findings, not crashes. */
  problems: Array<{ message: string; at: SourceLocation }>;
  /**
   * Functions seen but not audited, and why (a Worker whose `main` is build output, a Python
   * Lambda): for the message when nothing is found. Not findings.
   */
  notes?: Array<{ message: string; at: SourceLocation }>;
}

import { Command, Option } from "commander";
import { CREATE_TARGETS, PLATFORM_IDS } from "../platforms/index.js";
import { FORMATS } from "../report/index.js";
import { asTyped, collect, collectDiffReport, collectReport, costLimit, countAsTyped, nonNegativeInt, nonNegativeNumber, positiveCount, positiveInt, sizeLimit } from "./parse.js";
import type { Io } from "./ui.js";

/**
 * Commander registration only. Each action imports its command lazily, so `--help` and
 * `--version` load none of ts-morph, esbuild, @clack/prompts or execa.
 */
export function createProgram(io: Io, version: string, onResult: (code: number) => void): Command {
  const program = new Command("coldstart")
    .description("Scaffold, audit and price serverless functions for Vercel, Cloudflare Workers and AWS Lambda.")
    .version(version, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--debug", "print stack traces for unexpected errors")
    .option("--no-color", "plain output without colours")
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      `
Examples:
  $ coldstart create my-api --target workers
  $ coldstart audit . --format sarif --output coldstart.sarif
  $ coldstart cost --compare --invocations 10M --duration 120 --cpu 15
  $ coldstart choose

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage, configuration, input or environment
error (a full disk, no permission), 130 cancelled, 128+n stopped by signal n.`,
    );

  program
    .command("create")
    .description("scaffold a Vercel, Cloudflare Workers or AWS Lambda project")
    .argument("[dir]", "folder to create (default: the project name)")
    .addOption(new Option("-t, --target <target>", "platform to target").choices([...CREATE_TARGETS]))
    .option("--template <name>", "what to scaffold: a name from `create --list` (default: the platform's own; sets the platform), or a remote template, user/repo[/path][#ref] or a git URL[#ref][&path:<folder>], fetched with git")
    .option("--list", "list the templates (name, platform, description) and exit; with --json as JSON")
    .option("-n, --name <name>", "package name (default: the folder name)")
    .addOption(new Option("--pm <manager>", "package manager (default: the one running this)").choices(["npm", "pnpm", "yarn", "bun"]))
    .option("--install", "install dependencies (default: yes)")
    .option("--no-install", "skip installing dependencies")
    .option("--git", "initialise a git repository with a first commit (default: yes, unless inside one)")
    .option("--no-git", "skip git init")
    .option("-y, --yes", "accept defaults and never prompt (target: workers unless --target is given)")
    .option("-f, --force", "write into a non-empty folder, replacing files that are in the way")
    .option("--dry-run", "print the file plan and write nothing")
    .option("--json", "print a machine-readable result")
    .option("--memory <MB>", "function memory: SAM MemorySize, vercel.json memory", positiveInt)
    .option("--timeout <seconds>", "function timeout: SAM Timeout, Vercel maxDuration", positiveInt)
    .option("--cpu-ms <ms>", "Workers CPU limit per request: limits.cpu_ms", positiveInt)
    .addHelpText(
      "after",
      `
Prompts for what is missing when run in a terminal. Never prompts with --yes, --json, in CI or
without a terminal: there a missing --target is an error (exit 2), unless --yes picks workers.

Examples:
  $ coldstart create my-api --target workers
  $ coldstart create orders --target lambda --memory 1024 --timeout 20 --pm pnpm
  $ coldstart create jobs --template workers-cron --yes
  $ coldstart create --list
  $ npm create coldstart@latest -- my-app --target vercel --yes --no-git

Exit codes: 0 created, 1 created but the install failed (the command to retry is printed),
2 usage, input or environment error (nothing written), 130 cancelled, 143/129 stopped by
SIGTERM/SIGHUP (while writing nothing stays; during install or git the project stays).`,
    )
    .action(async (dir: string | undefined, opts: Record<string, unknown>) => {
      const { run } = await import("../commands/create.js");
      onResult(await run({ ...opts, dir }, io));
    });

  program
    .command("add")
    .description("add a function to an existing SAM, Serverless Framework, wrangler or Next.js project, keeping its config's comments and layout")
    .argument("<kind>", "http, cron, sqs-consumer or event (SAM, serverless.yml); http (a Hono app), cron or queue-consumer (wrangler); http or cron (Next.js)")
    .argument("[name]", "name of the function, route, queue or schedule")
    .option("--dir <dir>", "project folder", ".")
    .option("--dry-run", "print the diff and write nothing")
    .option("-y, --yes", "take the defaults without asking (add never prompts)")
    .addHelpText(
      "after",
      `
Edits only by insertion: a SAM template gets new resources at the end of Resources, a serverless.yml
a new function at the end of functions (and its queues at the end of resources.Resources), a wrangler
config a new entry (jsonc-parser edits, or a table appended to wrangler.toml), vercel.json a new
crons entry; the result is parsed again and must differ only by the addition, or nothing is written
(exit 2, with the reason). New handler files are never written over existing ones.

Examples:
  $ coldstart add sqs-consumer invoices --dry-run
  $ coldstart add cron --dir apps/worker
  $ coldstart add http reports`,
    )
    .action(async (kind: string, name: string | undefined, opts: Record<string, unknown>) => {
      const { run } = await import("../commands/add.js");
      onResult(await run({ ...opts, kind, name }, io));
    });

  program
    .command("audit")
    .description("find serverless mistakes: Node APIs in edge code, heavy bundles, missing timeouts, connection leaks")
    .argument("[dir]", "project folder", ".")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--report <format=file>", "also write a report in another format to a file (repeatable): --report sarif=coldstart.sarif", collectReport, [])
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a finding is at or above this severity")
        .choices(["error", "warning", "info", "never"])
        .default("error"),
    )
    .option("-c, --config <file>", "config file (default: coldstart.config.json or package.json#coldstart)")
    .option("--baseline <file>", "report only findings that are not in this baseline")
    .option("--write-baseline <file>", "write the current findings as a baseline")
    .option("--verbose", "print every finding, every function and every function a shared finding reaches")
    .option("-q, --quiet", "report errors only (warnings and info are counted, not printed), and no progress line")
    .option("--max-warnings <n>", "exit 1 when there are more than n warnings", nonNegativeInt)
    .option("--rule <id>", "run and report only this rule (repeatable)", collect, [])
    .option("--function <glob>", "audit only the functions whose id or entry matches (repeatable): --function 'app/api/admin/**'", collect, [])
    .option("--changed [ref]", "audit only functions whose code or config changed since ref (default: the merge base with GITHUB_BASE_REF or origin/HEAD)")
    .option("--changed-lines", "with --changed: report only findings on changed lines")
    .option("--cache-dir <dir>", "where results are kept between runs (default: a folder per project in the user's cache folder, ~/.cache/coldstart or $XDG_CACHE_HOME/coldstart; never inside the project unless given here)")
    .option("--no-cache", "neither read nor write the cache: audit everything afresh")
    .action(async (dir: string, opts: Record<string, unknown>) => {
      const { run } = await import("../commands/audit.js");
      onResult(await run({ ...opts, dir }, io));
    });

  program
    .command("cost")
    .description("estimate each function's monthly cost on Lambda, Vercel and Workers from dated price tables")
    .argument("[dir]", "project folder", ".")
    .addOption(
      new Option("--platform <platform>", "platform to price")
        .choices([...PLATFORM_IDS, "all"]),
    )
    .option("--what-if", "price one hypothetical function from the flags instead of the project")
    .option("--invocations <count>", "invocations per month (1e6, 10M, 2.5k)", countAsTyped)
    .option("--duration <ms>", "average wall time per invocation in ms", asTyped)
    .option("--cpu <ms>", "average CPU time per invocation in ms", asTyped)
    .option("--memory <MB>", "memory in MB", asTyped)
    .addOption(new Option("--arch <arch>", "Lambda architecture").choices(["x86_64", "arm64"]))
    .option("--region <id>", "region id (us-east-1, iad1, ...)")
    .option("--plan <plan>", "Vercel hobby|pro, Workers free|paid")
    .option("--free-tier", "apply plan inclusions and free tiers (default)")
    .option("--no-free-tier", "ignore plan inclusions and free tiers")
    .option("--concurrency <n>", "Vercel invocations sharing one instance", asTyped)
    .option("--cold-start-rate <0..1>", "share of invocations that are cold starts", asTyped)
    .option("--compare", "price the same function on all three platforms")
    .option("--memory-sweep", "Power-Tuning-style table from 128 to 3008 MB, arm64 and x86_64")
    .option("--measure", "bundle and run each function locally to measure init, wall and CPU time (runs project code)")
    .option("--runs <n>", "handler runs per function with --measure", asTyped)
    .option("--measure-timeout <seconds>", "time limit for each function's run with --measure (default 60)", asTyped)
    .option("--prices <file>", "JSON file overriding price table entries")
    .option("-c, --config <file>", "config file (default: coldstart.config.json or package.json#coldstart)")
    .addOption(new Option("--format <format>", "output format").choices(["pretty", "json", "markdown"]).default("pretty"))
    .option("--verbose", "print every estimate in full (with more than 20, the pretty report shows the 5 most expensive)")
    .option("--html <file>", "also write a self-contained HTML report with a cost/memory chart")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .action(async (dir: string, opts: Record<string, unknown>) => {
      const { run } = await import("../commands/cost.js");
      onResult(await run({ ...opts, dir }, io));
    });

  program
    .command("diff")
    .description("compare bundle size, cold start, monthly cost and findings per function with a base commit")
    .argument("[dir]", "project folder", ".")
    .option("--base <ref>", "branch, tag or commit to compare with (default: the merge base with GITHUB_BASE_REF or origin/HEAD)")
    .addOption(new Option("--format <format>", "output format").choices(["pretty", "json", "markdown"]).default("pretty"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--report <format=file>", "also write the diff in another format to a file (repeatable): --report markdown=comment.md", collectDiffReport, [])
    .option("-c, --config <file>", "config file (default: coldstart.config.json or package.json#coldstart)")
    .option("--fail-on-increase <limit>", "exit 1 when the monthly total rises by more than this: 10% or $5", costLimit)
    .option("--max-size-increase <limit>", "exit 1 when a function's minified bundle grows by more than this: 10% or 20kB", sizeLimit)
    .addHelpText(
      "after",
      `
The base commit is read from git into a hidden folder inside the project (removed afterwards) and
audited with the project's installed packages; nothing of the project runs. The head is the working
tree. Both sides are priced under the head's usage assumptions (config cost.defaults/functions).
Per-function budgets: config diff.functions["<id>"].maxSizeIncrease / failOnIncrease.

Examples:
  $ coldstart diff --base origin/main
  $ coldstart diff --format markdown --output coldstart-diff.md --max-size-increase 20kB

Exit codes: 0 within every budget, 1 a budget exceeded, 2 usage, configuration, input or git error.`,
    )
    .action(async (dir: string, opts: Record<string, unknown>) => {
      const { run } = await import("../commands/diff.js");
      onResult(await run({ ...opts, dir }, io));
    });

  program
    .command("choose")
    .description("pick edge, serverless or a traditional server, and a platform, for a workload")
    .addOption(
      new Option("--workload <kind>", "what the code does").choices([
        "api",
        "webhook",
        "cron",
        "middleware",
        "streaming",
        "websocket",
        "background-job",
        "cpu-heavy",
        "file-processing",
      ]),
    )
    .option("--max-duration <seconds>", "longest run time of one invocation", nonNegativeNumber)
    .option("--node-apis", "uses Node.js built-in APIs (fs, net, crypto): fine on Workers since 2026-08-04")
    .option("--no-node-apis", "needs only Web APIs")
    .option("--native-modules", "needs native modules (sharp, canvas): rules out Workers and edge runtimes")
    .option("--no-native-modules", "no native modules")
    .addOption(new Option("--db <db>", "database access").choices(["none", "postgres", "mysql", "http-driver", "kv"]))
    .addOption(new Option("--latency <latency>", "how latency-sensitive it is").choices(["normal", "critical"]))
    .option("--volume <count>", "runs a month (100k, 2M); used where it decides serverless or a server (CPU-heavy work, runs over 15 min)", positiveCount)
    .option("-y, --yes", "never prompt; decide from the flags and stated defaults")
    .addOption(new Option("--format <format>", "output format").choices(["pretty", "json"]).default("pretty"))
    .action(async (opts: Record<string, unknown>) => {
      const { run } = await import("../commands/choose.js");
      onResult(await run(opts, io));
    });

  return program;
}

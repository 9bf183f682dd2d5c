#!/usr/bin/env node
import module from "node:module";
import v8 from "node:v8";

module.enableCompileCache?.();
// A run of the CLI lasts seconds: V8's optimizing compiler, started as early as its default budget
// allows, spends more CPU (on its own threads) compiling TypeScript's parser and the audit's walks
// than the faster code gives back before the process ends. A higher budget leaves it to functions
// that really are hot. Measured with bench/audit.mjs (1,000 routes, Node 20, 2026-12-06): the
// audit's CPU outside esbuild went from 2.6 to 1.8 s, its main thread unchanged.
v8.setFlagsFromString("--interrupt-budget=1000000");
// main() handles stdout/stderr write errors itself (a closed pipe, a full disk): see src/cli/streams.ts.
const { main, enableCompileCache } = await import("../dist/cli.js");
enableCompileCache();
await main(process.argv.slice(2));

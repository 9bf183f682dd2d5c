#!/usr/bin/env node
import module from "node:module";

module.enableCompileCache?.();
// main() handles stdout/stderr write errors itself (a closed pipe, a full disk): see src/cli/streams.ts.
const { main, enableCompileCache } = await import("../dist/cli.js");
enableCompileCache();
await main(process.argv.slice(2));

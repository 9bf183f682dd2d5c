#!/usr/bin/env node
import module from "node:module";

module.enableCompileCache?.();
// `coldstart ... | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import("../dist/cli.js");
await main(process.argv.slice(2));

#!/usr/bin/env node
import module from "node:module";

module.enableCompileCache?.();
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import("../dist/cli.js");
await main(["create", ...process.argv.slice(2)], { bin: "create-coldstart" });

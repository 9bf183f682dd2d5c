#!/usr/bin/env node
import module from "node:module";

module.enableCompileCache?.();
const { main } = await import("../dist/cli.js");
await main(["create", ...process.argv.slice(2)], { bin: "create-coldstart" });

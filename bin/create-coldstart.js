#!/usr/bin/env node
import module from "node:module";

module.enableCompileCache?.();
const { main, enableCompileCache } = await import("../dist/cli.js");
enableCompileCache();
await main(["create", ...process.argv.slice(2)], { bin: "create-coldstart" });

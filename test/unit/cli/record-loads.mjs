// Loaded with `node --import`: records every module URL the process resolves into the file named by
// COLDSTART_RECORD_LOADS, so a test can assert what `coldstart --help` does not load.
import { register } from "node:module";

register(new URL("./record-loads-hooks.mjs", import.meta.url), { data: { file: process.env.COLDSTART_RECORD_LOADS } });

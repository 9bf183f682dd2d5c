// Loaded with `node --import`: records every module the process loads into the file named by
// COLDSTART_RECORD_LOADS (ES modules by the URL they resolve to, CommonJS files by file URL), so a
// test can assert what `coldstart --help` or an audit does not load.
import { appendFileSync } from "node:fs";
import Module, { register } from "node:module";
import { pathToFileURL } from "node:url";

const file = process.env.COLDSTART_RECORD_LOADS;
register(new URL("./record-loads-hooks.mjs", import.meta.url), { data: { file } });

// Node 20's hooks see import() and import only; require() goes through Module._load.
const load = Module._load;
Module._load = function recordRequire(request, parent, isMain) {
  const exports = load.call(this, request, parent, isMain);
  if (file && !Module.isBuiltin(request)) {
    try {
      appendFileSync(file, `${pathToFileURL(Module._resolveFilename(request, parent, isMain)).href}\n`);
    } catch {
      // Not a file (a virtual module): nothing to record.
    }
  }
  return exports;
};

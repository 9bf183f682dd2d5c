// Setup file of the unit project, run before every test file: files share a worker's modules
// (isolate: false), so what must happen once per file is registered here, not in a helper module.
import { afterAll } from "vitest";
import { removeTempDirs } from "./_temp-dirs.js";

afterAll(removeTempDirs);

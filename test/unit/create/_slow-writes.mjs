// Loaded with `node --import` into the built CLI: create's staging writes become slow, and the first
// one leaves a marker file, so a test can send a signal while the project is half-staged.
import { writeFileSync } from "node:fs";
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";

const marker = process.env.COLDSTART_TEST_STAGING_MARKER;
const writeFile = fs.writeFile;
fs.writeFile = async (file, ...rest) => {
  if (String(file).includes(".coldstart-")) {
    if (marker) writeFileSync(marker, String(file));
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return writeFile(file, ...rest);
};
// `import { writeFile } from "node:fs/promises"` in dist/ sees the slow one only after this.
syncBuiltinESMExports();

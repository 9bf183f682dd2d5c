// Vitest global setup for the e2e project: the Node 22 the generated projects run under is installed
// once, here, before the test files start side by side (two `npm install --prefix .cache/node22` at
// once would write the same folder).
import { ensureNode22 } from "./_helpers.js";

export default async function setup(): Promise<void> {
  await ensureNode22();
}

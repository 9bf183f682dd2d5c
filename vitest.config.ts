import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { SlowFirstSequencer } from "./test/sequencer.js";

// Vitest's default for `vitest run` is one worker fewer than the cores: on a 2-core machine that is a
// single worker, and the unit suite ran one file at a time. Its time is CPU, in the worker or in the
// built CLI a test spawns and waits for, so one worker per core (at least two) keeps every core busy.
const cores = availableParallelism();

export default defineConfig({
  test: {
    // In a fresh clone, the longest files start first (see test/sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
    // Set here rather than in the unit project so that `--maxWorkers` on the command line still wins.
    maxWorkers: Math.max(2, cores),
    projects: [
      {
        test: {
          name: "unit",
          globalSetup: ["test/temp-dir.ts"],
          // A worker runs file after file in one process and one module graph, instead of a new process
          // importing vitest, TypeScript and src/ again for each of 140-odd files: that was about 40% of
          // the suite's CPU. So a file must leave no state behind: a mock is undone at its end (see
          // test/unit/audit/bundle-calls.test.ts), and once-per-file set-up goes in _per-file.ts, not at
          // the top of a helper module (evaluated once per worker). test/unit/isolation.test.ts checks both.
          isolate: false,
          setupFiles: ["test/unit/_per-file.ts"],
          include: ["test/unit/**/*.test.ts", "src/**/*.test.ts"],
          testTimeout: 30_000,
          // Set-up hooks that run the CLI once for a file (diff's, say) get the same room as a test on a loaded machine.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          // Node 22 is installed once (test/e2e/global-setup.ts), before the files run side by side.
          globalSetup: ["test/temp-dir.ts", "test/e2e/global-setup.ts"],
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          // Each file scaffolds its own projects in its own temp folders, on ports the system picks:
          // they run side by side, two at a time (or one per two cores), so one file's npm install
          // (network) overlaps another's next build or tests (CPU) without every build competing at once.
          maxWorkers: Math.max(2, Math.floor(cores / 2)),
        },
      },
    ],
  },
});

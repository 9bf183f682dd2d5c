import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { TEST_FOLDER } from "../../../src/project/source/extensions.js";
import { writeProject as project } from "../frameworks/_framework-fixtures.js";

const WORKER = "export default {\n  async fetch() {\n    return new Response('ok');\n  },\n};\n";
const config = (name: string) => JSON.stringify({ name, main: "worker.ts", compatibility_date: "2026-09-01" }, null, 2);

describe("Workers configured in test folders", () => {
  it("are not audited as the project's Workers; one note per package names them and how to audit one", async () => {
    const root = project({
      "package.json": JSON.stringify({ name: "chat", private: true }),
      "wrangler.jsonc": JSON.stringify({ name: "chat", main: "src/server.ts", compatibility_date: "2026-09-01" }),
      "src/server.ts": WORKER,
      "src/tests/wrangler.jsonc": config("chat-tests"),
      "src/tests/worker.ts": WORKER,
      "src/e2e-tests/wrangler.jsonc": config("chat-e2e"),
      "src/e2e-tests/worker.ts": WORKER,
    });
    const found = await discoverProject(root);
    expect(found.functions.map((f) => f.id)).toEqual(["cloudflare-workers:src/server.ts"]);
    expect(found.notes).toEqual([
      {
        at: { file: "src/e2e-tests/wrangler.jsonc", line: 1 },
        message:
          "2 wrangler configs for test Workers (src/e2e-tests/wrangler.jsonc, src/tests/wrangler.jsonc), in a test folder or with its `main` in one: Workers the tests run (@cloudflare/vitest-pool-workers, wrangler dev), not deployed by the project, so not audited. " +
          "To audit one, audit its folder on its own (`coldstart audit src/e2e-tests`)",
      },
    ]);
  });

  it("a package's own config whose `main` is in a test folder is a test Worker too, except in the folder audited", async () => {
    const root = project({
      "package.json": JSON.stringify({ name: "repo", private: true, workspaces: ["packages/*"] }),
      "packages/shell/package.json": JSON.stringify({ name: "shell" }),
      "packages/shell/wrangler.jsonc": JSON.stringify({ name: "shell-tests", main: "src/tests/worker.ts", compatibility_date: "2026-09-01" }),
      "packages/shell/src/tests/worker.ts": WORKER,
      "packages/api/package.json": JSON.stringify({ name: "api" }),
      "packages/api/wrangler.jsonc": JSON.stringify({ name: "api", main: "src/index.ts", compatibility_date: "2026-09-01" }),
      "packages/api/src/index.ts": WORKER,
    });
    const found = await discoverProject(root);
    expect(found.functions.map((f) => f.id)).toEqual(["cloudflare-workers:packages/api/src/index.ts"]);
    expect(found.notes?.map((n) => `${n.at.file}: ${n.message}`)).toEqual([
      "packages/shell/wrangler.jsonc: a wrangler config for a test Worker (wrangler.jsonc), in a test folder or with its `main` in one: a Worker the tests run (@cloudflare/vitest-pool-workers, wrangler dev), not deployed by the project, so not audited. To audit one, audit its folder on its own (`coldstart audit packages/shell`)",
    ]);
    expect((await discoverProject(path.join(root, "packages/shell"))).functions.map((f) => f.id)).toEqual(["cloudflare-workers:src/tests/worker.ts"]);
  });

  it("the folder itself, audited on its own, is audited", async () => {
    const root = project({ "package.json": JSON.stringify({ name: "chat" }), "test/wrangler.jsonc": config("chat-tests"), "test/worker.ts": WORKER });
    expect((await discoverProject(root)).functions).toEqual([]);
    expect((await discoverProject(path.join(root, "test"))).functions.map((f) => f.id)).toEqual(["cloudflare-workers:worker.ts"]);
  });

  it("test folders are whole path segments: `tests`, `e2e`, `spec`, and names ending in `-tests` or `-e2e`; not a name that merely holds one", () => {
    const tests = ["test/x", "src/tests/x", "src/__tests__/x", "e2e/x", "a/spec/x", "a/specs/x", "src/e2e-tests/x", "src/browser-tests/x", "tests-e2e/x", "integration_tests/x", "a/__mocks__/x"];
    const deployed = ["src/x", "contest/x", "latest/x", "attestation/x", "apps/protest/x", "src/testing/x", "x/e2etest/y", "dotnet-test-samples/x", "test-containers/x", "workers/ab-test/x"];
    expect(tests.filter((rel) => !TEST_FOLDER.test(rel))).toEqual([]);
    expect(deployed.filter((rel) => TEST_FOLDER.test(rel))).toEqual([]);
  });
});

describe("a scaffolding template's wrangler config", () => {
  it("a placeholder compatibility_date (`<COMPATIBILITY_DATE>`, as create-cloudflare's templates have) is not an error; the Worker is audited without a date", async () => {
    for (const placeholder of ["<COMPATIBILITY_DATE>", "{{ compatibility_date }}", "${COMPAT_DATE}"]) {
      const root = project({ "wrangler.jsonc": JSON.stringify({ name: "<WORKER_NAME>", main: "src/index.ts", compatibility_date: placeholder }), "src/index.ts": WORKER });
      const found = await discoverProject(root);
      expect(found.problems, placeholder).toEqual([]);
      expect(found.functions.map((f) => [f.id, f.workers?.compatibilityDate])).toEqual([["cloudflare-workers:src/index.ts", undefined]]);
    }
    // A value that is neither a date nor a placeholder is still an error.
    const wrong = await discoverProject(project({ "wrangler.jsonc": JSON.stringify({ name: "w", main: "src/index.ts", compatibility_date: "next week" }), "src/index.ts": WORKER }));
    expect(wrong.problems.map((p) => p.message)).toEqual(['`compatibility_date` must be a date like "2025-09-15"']);
  });
});

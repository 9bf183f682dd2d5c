import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import pkg from "../../../package.json" with { type: "json" };
import { planFiles } from "../../../src/scaffold/plan.js";
import { placeholders } from "../../../src/scaffold/settings.js";
import { loadTemplates } from "../../../src/scaffold/registry.js";
import { templatesRoot } from "../../../src/scaffold/templates.js";
import { repoRoot } from "../../e2e/_helpers.js";

interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }>;
}

describe("generated CI uses the coldstart action at the version that made the project", () => {
  it.each(loadTemplates(templatesRoot()).map((t) => [t.name, t] as const))("%s", async (_name, template) => {
    const files = await planFiles(path.join(repoRoot, "templates", template.name), placeholders(template, "my-app", {}));
    const ci = files.find((f) => f.path === ".github/workflows/ci.yml")!.contents.toString("utf8");
    expect(ci).not.toMatch(/(?<!\$)\{\{\s*\w+\s*\}\}/);
    const workflow = parse(ci) as Workflow;
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    expect(steps.filter((s) => s.uses?.startsWith("coldstart-dev/coldstart@")).map((s) => s.uses)).toEqual([`coldstart-dev/coldstart@v${pkg.version}`]);
    expect(steps.some((s) => s.run?.includes("coldstart@latest"))).toBe(false);
    // The diff needs the base commit; the comment and the SARIF upload need their permissions.
    expect(steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with).toMatchObject({ "fetch-depth": 0 });
    expect(workflow.permissions).toMatchObject({ contents: "read", "pull-requests": "write", "security-events": "write" });
  });
});

// Which test files start first. With timings from an earlier run (node_modules/.vite/vitest), Vitest
// starts the longest first, and this changes nothing. Without them (a fresh clone, CI) it would start
// the largest files first, which puts the small files that each run a shard of a long job
// (cache/fixtures-N, templates-audit-others-N) last, and the run ends with one worker busy and the
// others idle. So, in a fresh clone, the files below start first, in this order, then the rest as Vitest
// orders them. A file missing from the list costs only some of the parallelism at the end of a run.
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Files known to take longest (per-file durations of a full run on 2 cores), longest first. */
const SLOW_FIRST: RegExp[] = [
  // e2e: each scaffolds, installs and builds its projects.
  /test\/e2e\/workers-templates\.test\.ts$/,
  /test\/e2e\/vercel-templates\.test\.ts$/,
  /test\/e2e\/workers\.test\.ts$/,
  /test\/e2e\/lambda\.test\.ts$/,
  /test\/e2e\/vercel\.test\.ts$/,
  /test\/e2e\/lambda-(sqs|eventbridge)\.test\.ts$/,
  // unit: each runs the built CLI many times (hostile inputs, exit codes, the compile cache), or
  // audits every fixture four times in-process (cache/fixtures-N).
  /test\/unit\/hostile\/(environment|cost-measure)\.test\.ts$/,
  /test\/unit\/cache\/fixtures-\d+\.test\.ts$/,
  /test\/unit\/add\/add\.test\.ts$/,
  /test\/unit\/(audit\/cli|cli\/compile-cache|audit\/report-flags)\.test\.ts$/,
  /test\/unit\/hostile\/(paths|cost|bounded)\.test\.ts$/,
  /test\/unit\/rules\/fixtures\.test\.ts$/,
  /test\/unit\/(cost\/measure|create\/signals|cli\/cli)\.test\.ts$/,
  /test\/unit\/(api\/api|action\/comment|diff\/diff)\.test\.ts$/,
  /test\/unit\/templates-audit[\w-]*\.test\.ts$/,
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const key = (file: TestSpecification) => `${file.project.name}:${path.relative(this.ctx.config.root, file.moduleId)}`;
    if (sorted.some((file) => this.ctx.cache.getFileTestResults(key(file)) !== undefined)) return sorted;
    const rank = (file: TestSpecification) => {
      const at = SLOW_FIRST.findIndex((pattern) => pattern.test(file.moduleId.split(path.sep).join("/")));
      return at === -1 ? SLOW_FIRST.length : at;
    };
    const projects = [...new Set(sorted.map((file) => file.project.name))];
    return sorted
      .map((file, at) => ({ file, at }))
      .sort((a, b) => projects.indexOf(a.file.project.name) - projects.indexOf(b.file.project.name) || rank(a.file) - rank(b.file) || a.at - b.at)
      .map(({ file }) => file);
  }
}

// Makes the files a new audit rule needs: `npm run new:rule -- <group>/<name>`.
// Writes the rule, its docs page and one valid and one invalid fixture to fill in, and registers
// it in src/audit/rules/index.ts. Refuses to overwrite anything.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const id = process.argv[2] ?? "";
if (!/^[a-z]+\/[a-z][a-z0-9-]*$/.test(id)) {
  console.error("coldstart: usage: npm run new:rule -- <group>/<name>   (e.g. timeout/queue-visibility)");
  process.exit(2);
}
const files = {
  [`src/audit/rules/${id}.ts`]: `// Facts: docs/rules/${id}.md (where each fact comes from).
import { defineRule } from "../../define-rule.js";
import type { RawFinding } from "../../types.js";

export default defineRule({
  meta: {
    id: "${id}",
    description: "TODO: what it finds, in one line",
    defaultSeverity: "warning",
    platforms: ["aws-lambda", "vercel", "cloudflare-workers"],
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const fnCtx of ctx.functions) {
      for (const file of ctx.candidates(fnCtx)) {
        const sf = fnCtx.ast(file);
        if (!sf) continue;
        // TODO: find the problem; say what is wrong, why it matters and what to do instead.
      }
    }
    return findings;
  },
});
`,
  [`docs/rules/${id}.md`]: `TODO: what it finds, in one line

# \`${id}\`

Default severity: **warning** · Platforms: AWS Lambda, Vercel, Cloudflare Workers

## What it catches

## Why it matters

## Invalid

## Valid

## When not to use it
`,
  [`fixtures/rules/${id}/invalid/TODO-name-the-mistake/expected.json`]: "[]\n",
  [`fixtures/rules/${id}/valid/TODO-name-the-right-way/README.md`]: "A project that does it right: the rule must report nothing here.\n",
};
for (const rel of Object.keys(files)) {
  if (existsSync(path.join(repo, rel))) {
    console.error(`coldstart: ${rel} already exists; nothing was written`);
    process.exit(2);
  }
}
for (const [rel, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  writeFileSync(path.join(repo, rel), text);
  console.log(`wrote ${rel}`);
}
const index = path.join(repo, "src/audit/rules/index.ts");
const source = readFileSync(index, "utf8");
const marker = "};\n\nexport async function loadRules";
writeFileSync(index, source.replace(marker, `  "${id}": () => import("./${id}.js"),\n${marker}`));
console.log(`registered ${id} in src/audit/rules/index.ts; write the fixtures' projects and run npm run test:unit`);

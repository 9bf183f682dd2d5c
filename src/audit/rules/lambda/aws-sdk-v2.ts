// Facts: docs/rules/lambda/aws-sdk-v2.md (reference/audit.md sections 1c and 3).
import { formatSize } from "../../analysis/bytes.js";
import { importSites } from "../../analysis/import-sites.js";
import { nodeMajor } from "../../analysis/lambda-runtimes.js";
import { defineRule } from "../../define-rule.js";
import type { FunctionContext, RawFinding } from "../../types.js";
import { position } from "../../analysis/file-facts.js";

const INSTEAD =
  "Instead, import only the modular v3 client you use (`import { DynamoDBClient } from \"@aws-sdk/client-dynamodb\"`, `@aws-sdk/client-s3`, `@aws-sdk/lib-dynamodb` for the document client) and bundle it with the function.";

function isV2(specifier: string): boolean {
  return specifier === "aws-sdk" || specifier.startsWith("aws-sdk/");
}

/** What the v2 SDK costs this function, from the metafile when it was bundled. */
function weight(fnCtx: FunctionContext): string {
  const measured = fnCtx.bundle?.packages.find((p) => p.name === "aws-sdk");
  if (measured && measured.bytes > 0) return `it adds ${formatSize(measured.bytes)} to this function's minified bundle (measured in the esbuild metafile)`;
  return "bundled, it ships every service client (a DynamoDB handler measures 305 KB with v2 vs 78-82 KB with modular v3, trivikr/aws-sdk-js-bundle-size-comparisons)";
}

/** What happens at run time on this function's runtime. */
function consequence(runtime: string | undefined): { severity: "error" | "warning"; text: string } {
  const major = runtime ? nodeMajor(runtime) : undefined;
  if (major !== undefined && major < 18) {
    return { severity: "warning", text: `${runtime} still provides it, but moving to a supported runtime (nodejs18.x and later no longer include v2) will break this import` };
  }
  const on = runtime ? `the ${runtime} runtime` : "the Lambda nodejs18.x and later runtimes";
  return { severity: "error", text: `${on} no longer include${runtime ? "s" : ""} it (only the v3 \`@aws-sdk/*\` clients), so unless it is bundled the function fails at cold start with "Cannot find module 'aws-sdk'"` };
}

export default defineRule({
  meta: {
    id: "lambda/aws-sdk-v2",
    description: "AWS SDK v2 (`aws-sdk`) imported in a Lambda function: not in the nodejs18.x+ runtimes, and huge",
    defaultSeverity: "error",
    platforms: ["aws-lambda"],
    prescan: /["'`]aws-sdk(?:\/[^"'`]*)?["'`]/,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const fnCtx of ctx.functions) {
      const { fn } = fnCtx;
      const runtime = fn.lambda?.runtime?.value;
      const { severity, text } = consequence(runtime);
      for (const file of ctx.candidates(fnCtx)) {
        const sf = fnCtx.ast(file);
        if (!sf) continue;
        // One finding per file: every further import of v2 in it has the same fix.
        const site = importSites(sf).find((s) => isV2(s.specifier));
        if (!site) continue;
        findings.push({
          severity,
          message: `\`${site.specifier}\` is the AWS SDK v2 (in maintenance mode): ${text}; ${weight(fnCtx)}, and Lambda loads all of it on every cold start. ${INSTEAD}`,
          file: ctx.relative(file),
          ...position(sf, site.node),
          function: fn.id,
          chain: fnCtx.chainTo(file),
          fix: {
            description: INSTEAD,
            example: 'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nimport { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";\n\nconst db = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
          },
        });
      }
    }
    return findings;
  },
});

import { isDeepStrictEqual } from "node:util";
import { InputError, UsageError } from "../errors.js";
import { parseCfnYaml } from "../project/formats/cfn-yaml.js";
import { CRON_HANDLER, EVENT_HANDLER, HTTP_HANDLER, SQS_HANDLER, logicalId } from "./lambda-handlers.js";
import { deadLetterQueue, workQueue } from "./sqs-resources.js";
import type { AddPlan, AddRequest, FileChange } from "./types.js";
import { childIndent, endOfBlock, yamlBlock } from "./yaml-text.js";

type Template = { Globals?: { Function?: Record<string, unknown> }; Resources?: Record<string, { Type?: unknown }> };


/**
 * Adds a function (and what it needs) to a SAM template as new text at the end of `Resources`, so
 * every byte outside the insertion stays as it was; the result is parsed again and must equal the
 * old template plus exactly the new resources, or nothing is written.
 */
export function addToSam(request: AddRequest, file: string): AddPlan {
  const text = request.read(file) ?? "";
  const parsed = parseCfnYaml(text);
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}: cannot edit a template that does not parse (${parsed.message}).`);
  const template = parsed.doc.value as Template;
  const resources = template.Resources;
  if (!resources || typeof resources !== "object") throw new InputError(`${file} has no Resources section to add to.`);
  const id = logicalId(request.name);
  const functionId = `${id}Function`;
  const lines = text.split("\n");
  const resourcesLine = parsed.doc.positionOf(["Resources"])?.line;
  const indent = resourcesLine !== undefined && /^Resources:\s*(#.*)?$/.test(lines[resourcesLine - 1] ?? "") ? childIndent(lines, resourcesLine) : undefined;
  if (resourcesLine === undefined || indent === undefined) {
    throw new InputError(`${file}: Resources is not a block mapping (flow style or empty), so coldstart cannot add to it without rewriting it; add the function by hand.`);
  }

  const globals = template.Globals?.Function ?? {};
  const handlerDir = request.isDir("src/handlers") ? "src/handlers" : "src";
  const entry = `${handlerDir}/${request.name}.ts`;
  if (request.read(entry) !== undefined) throw new InputError(`${entry} already exists; choose another name.`);
  const { resources: added, code, notes } = build(request, functionId, id, entry, globals, resources, file);
  for (const key of Object.keys(added)) {
    if (key in resources) throw new InputError(`${file} already has a resource named ${key}; choose another name.`);
  }

  const insertAt = endOfBlock(lines, resourcesLine);
  const block = Object.entries(added).map(([key, body]) => yamlBlock(key, body, indent, indent)).join("\n\n");
  const after = [...lines.slice(0, insertAt), "", block, ...lines.slice(insertAt)].join("\n");

  const check = parseCfnYaml(after);
  const expected = check.ok ? (check.doc.value as Template).Resources ?? {} : {};
  if (!check.ok || !isDeepStrictEqual({ ...(check.doc.value as object), Resources: undefined }, { ...template, Resources: undefined }) || !Object.keys(resources).every((key) => isDeepStrictEqual(expected[key], resources[key])) || Object.keys(expected).length !== Object.keys(resources).length + Object.keys(added).length) {
    throw new InputError(`${file}: the edit would change more than the new resources (an unusual layout), so nothing was written; add the function by hand.`);
  }
  const changes: FileChange[] = [
    { path: file, before: text, after },
    { path: entry, before: undefined, after: code },
  ];
  return { project: "SAM template", changes, notes };
}

function build(request: AddRequest, functionId: string, id: string, entry: string, globals: Record<string, unknown>, resources: Record<string, { Type?: unknown }>, file: string) {
  const handlerName = entry.split("/").pop()!.replace(/\.ts$/, "");
  const timeout = request.kind === "http" ? 10 : 30;
  const base = [
    "Type: AWS::Serverless::Function",
    "Metadata:",
    "  BuildMethod: esbuild",
    "  BuildProperties:",
    "    EntryPoints:",
    `      - ${entry}`,
    "    Format: esm",
    "    OutExtension:",
    "      - .js=.mjs",
    "    Target: node22",
    "    Minify: true",
    "    Sourcemap: true",
    "Properties:",
    "  CodeUri: ./",
    `  Handler: ${handlerName}.handler`,
    ...("Runtime" in globals ? [] : ["  Runtime: nodejs22.x", "  Architectures: [arm64]"]),
    ...("MemorySize" in globals ? [] : ["  MemorySize: 512"]),
    `  Timeout: ${timeout}`,
  ];
  const notes: string[] = [];
  const added: Record<string, string> = {};
  switch (request.kind) {
    case "sqs-consumer": {
      const queue = `${id}Queue`;
      added[functionId] = [
        ...base,
        "  # Caps how many instances a backlog can start.",
        "  ReservedConcurrentExecutions: 5",
        "  Events:",
        "    Messages:",
        "      Type: SQS",
        "      Properties:",
        `        Queue: !GetAtt ${queue}.Arn`,
        "        BatchSize: 10",
        "        FunctionResponseTypes:",
        "          - ReportBatchItemFailures",
        "        ScalingConfig:",
        "          MaximumConcurrency: 5",
      ].join("\n");
      added[queue] = workQueue(id, timeout);
      added[`${id}DeadLetterQueue`] = deadLetterQueue();
      return { resources: added, code: SQS_HANDLER, notes };
    }
    case "cron":
      added[functionId] = [
        ...base,
        "  Events:",
        "    Schedule:",
        "      # EventBridge Scheduler, UTC; it may deliver an event more than once, so keep the work idempotent.",
        "      Type: ScheduleV2",
        "      Properties:",
        '        ScheduleExpression: "cron(0 6 * * ? *)"',
        "        RetryPolicy:",
        "          MaximumRetryAttempts: 2",
      ].join("\n");
      return { resources: added, code: CRON_HANDLER.replaceAll("{{config}}", file), notes };
    case "http": {
      const api = Object.entries(resources).find(([, r]) => r?.Type === "AWS::Serverless::HttpApi")?.[0];
      if (!api) notes.push(`${file} has no AWS::Serverless::HttpApi, so SAM creates an implicit one for ${functionId}.`);
      added[functionId] = [
        ...base,
        "  Events:",
        "    Get:",
        "      Type: HttpApi",
        "      Properties:",
        ...(api ? [`        ApiId: !Ref ${api}`] : []),
        "        Method: GET",
        `        Path: /${request.name}`,
      ].join("\n");
      return { resources: added, code: HTTP_HANDLER.replaceAll("{{path}}", `/${request.name}`), notes };
    }
    case "event":
      added[functionId] = [
        ...base,
        "  Events:",
        "    Rule:",
        "      # EventBridge delivers at least once: keep the work idempotent on the event's id.",
        "      Type: EventBridgeRule",
        "      Properties:",
        "        Pattern:",
        "          source:",
        "            - com.example.orders",
        "          detail-type:",
        `            - ${id}`,
        "        RetryPolicy:",
        "          MaximumRetryAttempts: 2",
        "          MaximumEventAgeInSeconds: 3600",
        "        # Events that still fail land in a queue SAM creates, instead of being dropped.",
        "        DeadLetterConfig:",
        "          Type: SQS",
      ].join("\n");
      notes.push(`Edit the rule's Pattern in ${file} (source, detail-type) to match the events you publish.`);
      return { resources: added, code: EVENT_HANDLER.replaceAll("{{config}}", file), notes };
    default:
      throw new UsageError(`a SAM template takes http, cron, sqs-consumer or event, not ${request.kind}.`);
  }
}

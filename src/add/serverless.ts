import { isDeepStrictEqual } from "node:util";
import { InputError, UsageError } from "../errors.js";
import { isRecord } from "../project/context.js";
import { parseCfnYaml } from "../project/formats/cfn-yaml.js";
import { loadTs } from "../project/source/typescript.js";
import { CRON_HANDLER, EVENT_HANDLER, HTTP_HANDLER, SQS_HANDLER, logicalId } from "./lambda-handlers.js";
import { deadLetterQueue, workQueue } from "./sqs-resources.js";
import type { AddPlan, AddRequest, FileChange } from "./types.js";
import { childIndent, endOfBlock, yamlBlock } from "./yaml-text.js";

type Doc = Record<string, unknown> & { functions?: unknown; resources?: unknown; provider?: unknown; plugins?: unknown; frameworkVersion?: unknown };

/**
 * Bodies below are written with two-space steps; each nesting level becomes the file's own step,
 * measured from the parent's content (after a list item's "- ").
 */
function restep(body: string, step: string): string {
  const parents: Array<{ old: number; neu: number }> = [];
  return body
    .split("\n")
    .map((line) => {
      const old = /^ */.exec(line)![0].length;
      const rest = line.slice(old);
      while (parents.length > 0 && parents.at(-1)!.old > old) parents.pop();
      // A sibling keeps its column (a key after a list item's first key sits under that key).
      const sibling = parents.at(-1)?.old === old ? parents.pop() : undefined;
      const neu = sibling ? sibling.neu : parents.length > 0 ? parents.at(-1)!.neu + step.length : 0;
      parents.push({ old, neu });
      if (rest.startsWith("- ")) parents.push({ old: old + 2, neu: neu + 2 });
      return " ".repeat(neu) + rest;
    })
    .join("\n");
}
const BUNDLERS = ["serverless-esbuild", "serverless-plugin-typescript", "serverless-webpack", "serverless-bundle"];

/**
 * Adds a function to a Serverless Framework service (serverless.yml) as new text at the end of
 * `functions`, and for a queue or a rule's dead-letter queue new resources at the end of
 * `resources.Resources`; every byte outside the insertions stays as written. The result is parsed
 * again and must equal the old service plus exactly the additions, or nothing is written.
 */
export async function addToServerless(request: AddRequest, file: string): Promise<AddPlan> {
  const text = request.read(file) ?? "";
  const parsed = parseCfnYaml(text);
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}: cannot edit a service file that does not parse (${parsed.message}).`);
  if (!isRecord(parsed.doc.value)) throw new InputError(`${file} is not a mapping of settings; add the function by hand.`);
  const doc = parsed.doc.value as Doc;
  const lines = text.split("\n");
  const id = logicalId(request.name);

  const functions = doc.functions;
  if (functions !== undefined && functions !== null && !isRecord(functions)) {
    const how = typeof functions === "string" ? `it is loaded from ${functions}` : "it is a list of files";
    throw new InputError(`${file}: functions is not a mapping written in this file (${how}), so coldstart cannot add to it; add the function by hand.`);
  }
  if (isRecord(functions) && request.name in functions) throw new InputError(`${file} already has a function named ${request.name}; choose another name.`);

  const provider = isRecord(doc.provider) ? doc.provider : {};
  if (provider.name !== undefined && provider.name !== "aws") throw new InputError(`${file}: the service's provider is ${JSON.stringify(provider.name)}, and coldstart add writes AWS Lambda functions.`);
  const plugins = Array.isArray(doc.plugins) ? doc.plugins : isRecord(doc.plugins) && Array.isArray(doc.plugins.modules) ? doc.plugins.modules : [];
  const builds = (typeof doc.frameworkVersion === "string" || typeof doc.frameworkVersion === "number" ? /^\D*4/.test(String(doc.frameworkVersion)) : false) || plugins.some((p) => BUNDLERS.includes(String(p)));
  const typescript = builds || request.read("tsconfig.json") !== undefined;
  const handlerDir = ["src/handlers", "src/functions", "handlers"].find((d) => request.isDir(d)) ?? "src";
  const entry = `${handlerDir}/${request.name}.${typescript ? "ts" : "mjs"}`;
  if (request.read(entry) !== undefined) throw new InputError(`${entry} already exists; choose another name.`);

  const { body, resources, code, notes } = build(request, id, `${handlerDir}/${request.name}.handler`, provider, functions, file);
  const resourcesSection = doc.resources;
  const existingResources = isRecord(resourcesSection) && isRecord(resourcesSection.Resources) ? resourcesSection.Resources : undefined;
  if (Object.keys(resources).length > 0 && resourcesSection !== undefined && resourcesSection !== null && !isRecord(resourcesSection)) {
    throw new InputError(`${file}: resources is not a mapping written in this file, so coldstart cannot add the ${request.kind === "sqs-consumer" ? "queue" : "dead-letter queue"} to it; add the function by hand.`);
  }
  for (const key of Object.keys(resources)) {
    if (existingResources && key in existingResources) throw new InputError(`${file} already has a resource named ${key}; choose another name.`);
  }

  const step = stepOf(lines);
  const inserts: Array<{ at: number; text: string }> = [];
  inserts.push(functionInsert(parsed.doc.positionOf(["functions"])?.line, lines, request.name, body, step, file));
  if (Object.keys(resources).length > 0) inserts.push(resourcesInsert(parsed.doc, lines, resources, step, file));
  // From the bottom up, so earlier line numbers stay right; at the same line (both at the end of the
  // file) the later insertion goes in first, so the functions stay above the resources.
  const out = [...lines];
  const ordered = inserts.map((insert, order) => ({ ...insert, order })).sort((a, b) => b.at - a.at || b.order - a.order);
  for (const insert of ordered) out.splice(insert.at, 0, insert.text);
  const after = out.join("\n");

  const check = parseCfnYaml(after);
  if (!check.ok || !isRecord(check.doc.value) || !onlyAdded(doc, check.doc.value, request.name, Object.keys(resources))) {
    throw new InputError(`${file}: the edit would change more than the new function (an unusual layout), so nothing was written; add the function by hand.`);
  }
  if (typescript && !builds) notes.push(`${entry} is TypeScript, and Serverless Framework v3 deploys it as is: add the serverless-esbuild plugin (or move to v4, which builds TypeScript itself).`);
  const source = code.replaceAll("{{config}}", file);
  const changes: FileChange[] = [
    { path: file, before: text, after },
    { path: entry, before: undefined, after: typescript ? source : await toJavaScript(source) },
  ];
  return { project: `Serverless Framework service (${file})`, changes, notes };
}

/** The file's indentation step: the first indented key's indentation, two spaces when there is none. */
function stepOf(lines: string[]): string {
  for (const line of lines) {
    const match = /^( +)[^\s#-]/.exec(line);
    if (match) return match[1]!;
  }
  return "  ";
}

function functionInsert(keyLine: number | undefined, lines: string[], name: string, body: string, step: string, file: string): { at: number; text: string } {
  if (keyLine === undefined) return { at: lines.length, text: `${lines.at(-1) === "" ? "" : "\n"}functions:\n${yamlBlock(name, restep(body, step), step, step)}\n` };
  if (!/^functions:\s*(#.*)?$/.test(lines[keyLine - 1] ?? "")) {
    throw new InputError(`${file}: functions is not a block mapping (flow style), so coldstart cannot add to it without rewriting it; add the function by hand.`);
  }
  const indent = childIndent(lines, keyLine) ?? step;
  return { at: endOfBlock(lines, keyLine), text: `\n${yamlBlock(name, restep(body, step), indent, step)}` };
}

function resourcesInsert(doc: { positionOf(path: Array<string | number>): { line: number } | undefined }, lines: string[], resources: Record<string, string>, step: string, file: string): { at: number; text: string } {
  const blocks = (indent: string) => Object.entries(resources).map(([key, body]) => yamlBlock(key, restep(body, step), indent, step)).join("\n\n");
  const inner = doc.positionOf(["resources", "Resources"])?.line;
  if (inner !== undefined) {
    if (!/^\s+Resources:\s*(#.*)?$/.test(lines[inner - 1] ?? "")) throw new InputError(`${file}: resources.Resources is not a block mapping (flow style), so coldstart cannot add to it; add the function by hand.`);
    const indent = childIndent(lines, inner) ?? `${/^ */.exec(lines[inner - 1]!)![0]}${step}`;
    return { at: endOfBlock(lines, inner), text: `\n${blocks(indent)}` };
  }
  const outer = doc.positionOf(["resources"])?.line;
  if (outer !== undefined) {
    if (!/^resources:\s*(#.*)?$/.test(lines[outer - 1] ?? "")) throw new InputError(`${file}: resources is not a block mapping (flow style), so coldstart cannot add to it; add the function by hand.`);
    const indent = childIndent(lines, outer) ?? step;
    return { at: endOfBlock(lines, outer), text: `${indent}Resources:\n${blocks(indent + step)}` };
  }
  return { at: lines.length, text: `${lines.at(-1) === "" ? "" : "\n"}resources:\n${step}Resources:\n${blocks(step + step)}\n` };
}

/** The new document is the old one plus the function and the resources, nothing else changed. */
function onlyAdded(before: Doc, after: Doc, name: string, resourceIds: string[]): boolean {
  const without = (value: unknown, keys: string[]) => (isRecord(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) : value);
  const rest = (d: Doc) => ({ ...d, functions: undefined, resources: undefined });
  if (!isDeepStrictEqual(rest(before), rest(after))) return false;
  if (!isRecord(after.functions) || !(name in after.functions)) return false;
  if (!isDeepStrictEqual(without(after.functions, [name]), isRecord(before.functions) ? before.functions : {})) return false;
  if (resourceIds.length === 0) return isDeepStrictEqual(before.resources, after.resources);
  const afterResources = isRecord(after.resources) ? after.resources : {};
  const beforeResources = isRecord(before.resources) ? before.resources : {};
  if (!isDeepStrictEqual(without(afterResources, ["Resources"]), without(beforeResources, ["Resources"]))) return false;
  const added = isRecord(afterResources.Resources) ? afterResources.Resources : {};
  return resourceIds.every((id) => id in added) && isDeepStrictEqual(without(added, resourceIds), isRecord(beforeResources.Resources) ? beforeResources.Resources : {});
}

function build(request: AddRequest, id: string, handler: string, provider: Record<string, unknown>, functions: unknown, file: string) {
  const timeout = request.kind === "http" ? 10 : 30;
  const base = [
    `handler: ${handler}`,
    ...("runtime" in provider ? [] : ["runtime: nodejs22.x", "architecture: arm64"]),
    ...("memorySize" in provider ? [] : ["memorySize: 512"]),
    `timeout: ${timeout}`,
  ];
  const notes: string[] = [];
  const resources: Record<string, string> = {};
  switch (request.kind) {
    case "http": {
      // Join the API the service already has: REST (`http`) events make a REST API, `httpApi` an HTTP API.
      const kinds = new Set(Object.values(isRecord(functions) ? functions : {}).flatMap((f) => (isRecord(f) && Array.isArray(f.events) ? f.events.flatMap((e) => (isRecord(e) ? Object.keys(e) : [])) : [])));
      const rest = kinds.has("http") && !kinds.has("httpApi");
      const event = rest ? ["  - http:", "      method: get", `      path: /${request.name}`] : ["  - httpApi:", "      method: GET", `      path: /${request.name}`];
      return { body: [...base, "events:", ...event].join("\n"), resources, code: HTTP_HANDLER.replaceAll("{{path}}", `/${request.name}`), notes };
    }
    case "cron":
      return {
        body: [...base, "events:", "  # UTC; a schedule may deliver an event more than once, so keep the work idempotent.", "  - schedule: cron(0 6 * * ? *)"].join("\n"),
        resources,
        code: CRON_HANDLER,
        notes,
      };
    case "sqs-consumer": {
      resources[`${id}Queue`] = workQueue(id, timeout);
      resources[`${id}DeadLetterQueue`] = deadLetterQueue();
      const body = [
        ...base,
        "# Caps how many instances a backlog can start.",
        "reservedConcurrency: 5",
        "events:",
        "  - sqs:",
        `      arn: !GetAtt ${id}Queue.Arn`,
        "      batchSize: 10",
        "      functionResponseType: ReportBatchItemFailures",
        "      maximumConcurrency: 5",
      ].join("\n");
      return { body, resources, code: SQS_HANDLER, notes };
    }
    case "event": {
      resources[`${id}DeadLetterQueue`] = deadLetterQueue();
      resources[`${id}DeadLetterQueuePolicy`] = [
        "# Lets EventBridge put the events it could not deliver into the dead-letter queue.",
        "Type: AWS::SQS::QueuePolicy",
        "Properties:",
        "  Queues:",
        `    - !Ref ${id}DeadLetterQueue`,
        "  PolicyDocument:",
        '    Version: "2012-10-17"',
        "    Statement:",
        "      - Effect: Allow",
        "        Principal:",
        "          Service: events.amazonaws.com",
        "        Action: sqs:SendMessage",
        `        Resource: !GetAtt ${id}DeadLetterQueue.Arn`,
      ].join("\n");
      const body = [
        ...base,
        "events:",
        "  # EventBridge delivers at least once: keep the work idempotent on the event's id.",
        "  - eventBridge:",
        "      pattern:",
        "        source:",
        "          - com.example.orders",
        "        detail-type:",
        `          - ${id}`,
        "      retryPolicy:",
        "        maximumRetryAttempts: 2",
        "        maximumEventAge: 3600",
        "      # Events that still fail land in this queue instead of being dropped.",
        `      deadLetterQueueArn: !GetAtt ${id}DeadLetterQueue.Arn`,
      ].join("\n");
      notes.push(`Edit the rule's pattern in ${file} (source, detail-type) to match the events you publish.`);
      return { body, resources, code: EVENT_HANDLER, notes };
    }
    default:
      throw new UsageError(`a Serverless Framework service takes http, cron, sqs-consumer or event, not ${request.kind}.`);
  }
}

/** The handler without its types, comments kept, for a service that deploys JavaScript as written. */
async function toJavaScript(source: string): Promise<string> {
  const ts = await loadTs();
  const out = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false } });
  // TypeScript prints four-space steps and drops blank lines; put back the source's two spaces and
  // a blank line between top-level declarations.
  return out.outputText
    .replace(/^((?: {4})+)/gm, (lead: string) => " ".repeat(lead.length / 2))
    .replace(/^}\n(?=\S)/gm, "}\n\n");
}

import { execa } from "execa";
import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { builtinModules } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coldstart, costMeasure, ensureNode22, node22Env, repoRoot, tempDir } from "./_helpers.js";

// Non-default settings, so the test sees them reach template.yaml (visibility timeout = 6 x timeout).
const MEMORY = 1024;
const TIMEOUT = 15;
// cfn-lint validates through the real SAM transform; it is a Python tool, so use it where installed.
const hasCfnLint = spawnSync("cfn-lint", ["--version"]).status === 0;

let tmp: string;
let project: string;
let env: NodeJS.ProcessEnv;
let node22: string;
let sqs: FakeSqs;

beforeAll(async () => {
  env = await node22Env();
  node22 = path.join(await ensureNode22(), "node");
  tmp = tempDir("lambda");
  project = path.join(tmp, "orders-demo");
  const args = ["create", project, "--target", "lambda", "--yes", "--install", "--no-git"];
  const created = await coldstart([...args, "--memory", String(MEMORY), "--timeout", String(TIMEOUT)], { env, cwd: tmp });
  expect(created.exitCode, `${created.stdout}\n${created.stderr}`).toBe(0);
  sqs = await startFakeSqs();
});

afterAll(async () => {
  await sqs?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function npm(...args: string[]) {
  return execa("npm", args, { cwd: project, env, reject: false, all: true });
}

describe("coldstart create --target lambda", () => {
  it("writes the chosen settings and leaves no placeholder behind", () => {
    const template = readFileSync(path.join(project, "template.yaml"), "utf8");
    expect(template).toMatch(new RegExp(`^ {4}Timeout: ${TIMEOUT}$`, "m"));
    expect(template).toMatch(new RegExp(`^ {4}MemorySize: ${MEMORY}$`, "m"));
    expect(template).toMatch(new RegExp(`^ {6}VisibilityTimeout: ${TIMEOUT * 6}$`, "m"));
    expect(template).toMatch(/^ {4}Runtime: nodejs2[24]\.x$/m);
    expect(JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")).name).toBe("orders-demo");
    expect(existsSync(path.join(project, ".gitignore"))).toBe(true);
    expect(filesUnder(project).filter((file) => readFileSync(file, "utf8").includes("{{"))).toEqual([]);
  });

  it.skipIf(!hasCfnLint)("has a template.yaml that passes cfn-lint, SAM transform included", async () => {
    const result = await execa("cfn-lint", ["--", "template.yaml"], { cwd: project, reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
  });

  it("type-checks", async () => {
    const result = await npm("run", "typecheck");
    expect(result.exitCode, result.all).toBe(0);
  });

  it("passes its own tests", async () => {
    const result = await npm("test");
    expect(result.exitCode, result.all).toBe(0);
    expect(stripVTControlCharacters(result.all ?? "")).toMatch(/Tests\s+\d+ passed/);
  });

  it("builds one self-contained ESM bundle per function, with a metafile", async () => {
    const result = await npm("run", "build");
    expect(result.exitCode, result.all).toBe(0);
    expect(bundles().sort()).toEqual(["api", "orders-worker"]);
    for (const name of bundles()) {
      const meta = JSON.parse(readFileSync(path.join(project, "dist", `${name}.meta.json`), "utf8")) as {
        inputs: Record<string, unknown>;
        outputs: Record<string, { imports: { path: string; external: boolean }[] }>;
      };
      const inputs = Object.keys(meta.inputs);
      expect(inputs).toContain(`src/handlers/${name}.ts`);
      expect(inputs.filter((input) => input.includes("node_modules/aws-sdk/"))).toEqual([]);
      const output = meta.outputs[`dist/${name}/${name}.mjs`];
      // Only Node built-ins may stay outside the bundle: Lambda gets no node_modules.
      const builtin = (specifier: string) => specifier.startsWith("node:") || builtinModules.includes(specifier);
      expect(output?.imports.filter((imported) => !builtin(imported.path))).toEqual([]);
      expect(result.all).toContain(`dist/${name}/${name}.mjs`);
    }
  });

  it("is audited at the size its own build writes, with the template's esbuild options", async () => {
    const audited = await coldstart(["audit", project, "--format", "json", "--fail-on", "never"], { env, cwd: tmp });
    expect(audited.exitCode, String(audited.stderr)).toBe(0);
    const doc = JSON.parse(String(audited.stdout)) as { functions: Array<{ entry: string; bundle: { bytes: number; deployOptions?: string } }> };
    for (const name of bundles()) {
      const fn = doc.functions.find((f) => f.entry === `src/handlers/${name}.ts`);
      const built = statSync(path.join(project, "dist", name, `${name}.mjs`)).size;
      expect(fn?.bundle.deployOptions).toMatch(/Metadata\.BuildProperties .*minify, esm, node22, mainFields module,main/);
      // Within 2%: the build adds a createRequire banner and a sourceMappingURL comment.
      expect(Math.abs((fn?.bundle.bytes ?? 0) - built) / built, `${name}: audit ${fn?.bundle.bytes} B, build ${built} B`).toBeLessThan(0.02);
    }
  });

  it("runs a built function locally with npm run invoke", async () => {
    const batch = JSON.parse(readFileSync(path.join(project, "events/orders-worker-batch.json"), "utf8")) as {
      Records: { messageId: string; body: string }[];
    };
    const poison = batch.Records.find((record) => !isJson(record.body));
    const result = await npm("run", "invoke", "--", "orders-worker", "events/orders-worker-batch.json");
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain(`"itemIdentifier": "${poison?.messageId}"`);
  });

  it("runs the README's POST /orders example from a fresh scaffold, offline (.env written on create)", async () => {
    const result = await npm("run", "invoke", "--", "api", "events/api-post-order.json");
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('"statusCode": 202');
    expect(result.stderr).toMatch(/\[local queue\] SendMessage to http:\/\/127\.0\.0\.1:\d+\/000000000000\/orders-local: \{"customerId"/);
  });

  it("audits clean with npm run audit, from the exactly pinned coldstart devDependency", async () => {
    const pkg = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    const ours = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    expect(pkg.devDependencies.coldstart).toBe(ours.version);
    const result = await npm("run", "audit");
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/0 errors, 0 warnings, 0 info in 2 functions/);
  });
});

/** Expected outcome for each sample event, by file name; an event without one fails the test. */
const expectations: Record<string, (result: InvokeResult) => void> = {
  "api-get-health.json": ({ response }) => {
    expect(response).toMatchObject({ statusCode: 200, headers: { "content-type": expect.stringMatching(/^application\/json/) } });
    expect(JSON.parse(String(response.body))).toEqual({ status: "ok" });
  },
  "api-post-order.json": ({ response, event, sent }) => {
    expect(response.statusCode).toBe(202);
    const body = JSON.parse(String(response.body)) as { orderId: string; status: string };
    expect(body).toEqual({ orderId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "queued" });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.queueUrl).toBe(sqs.queueUrl);
    const requested = JSON.parse(String(event.body)) as Record<string, unknown>;
    expect(JSON.parse(sent[0]?.body ?? "")).toMatchObject({ ...requested, orderId: body.orderId });
  },
  "api-post-order-base64.json": ({ response, sent }) => {
    expect(response.statusCode).toBe(202);
    expect(sent).toHaveLength(1);
  },
  "api-post-order-invalid.json": ({ response, sent }) => {
    expect(response.statusCode).toBe(422);
    const body = JSON.parse(String(response.body)) as { error: string; details: string[] };
    expect(body.error).toBe("Invalid order");
    expect(body.details.length).toBeGreaterThan(0);
    expect(sent).toEqual([]);
  },
  "api-post-order-malformed.json": ({ response, sent }) => {
    expect(response.statusCode).toBe(400);
    expect(sent).toEqual([]);
  },
  "orders-worker-batch.json": ({ response, event, logs }) => {
    const records = event.Records as { messageId: string; body: string }[];
    const poison = records.filter((record) => !isJson(record.body)).map((record) => record.messageId);
    expect(poison).toHaveLength(1);
    expect(records.length).toBeGreaterThan(1);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: poison[0] }] });
    expect(logs.filter((line) => line.level === "ERROR").map((line) => line.messageId)).toEqual(poison);
  },
};

describe("coldstart cost --measure on the generated project", () => {
  it("runs each function with its sample event and prices it from the measurement", async () => {
    const { exitCode, stderr, estimates } = await costMeasure(project, env, 3);
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/This executes your project's code/);
    expect(stderr).not.toMatch(/not measured/);
    expect(estimates.map((e) => e.function).sort()).toEqual([
      "aws-lambda:src/handlers/api.ts#ApiFunction",
      "aws-lambda:src/handlers/orders-worker.ts#OrdersWorkerFunction",
    ]);
    for (const estimate of estimates) {
      const measured = estimate.assumptions.measured;
      expect(measured, estimate.function).toBeDefined();
      // Every event file named after the entry (events/api-*.json, events/orders-worker-*.json), each run 3 times.
      const entry = /src\/handlers\/([\w-]+)\.ts/.exec(estimate.function)![1]!;
      const events = readdirSync(path.join(project, "events")).filter((f) => f.startsWith(entry) && f.endsWith(".json"));
      expect(measured!.runs).toBe(3 * events.length);
      // Each event is an input of its own, weighted alike; the API's POST /orders is one of them.
      expect(measured!.inputs!.map((i) => i.input).sort()).toEqual(events.map((f) => `event events/${f}`).sort());
      for (const i of measured!.inputs!) expect(i.weight).toBeCloseTo(1 / events.length, 12);
      if (entry === "api") expect(events).toContain("api-post-order.json");
      // The handler's log lines feed the CloudWatch Logs line.
      expect(measured!.logBytes).toBeGreaterThan(0);
      expect(measured!.initMs).toBeGreaterThan(0);
      expect(measured!.wallMs).toBeGreaterThan(0);
      const input = String.raw`event events\/[\w-]+\.json`;
      expect(measured!.how).toMatch(new RegExp(String.raw`^under Node [\d.]+ with (${input}|${events.length} inputs \(${input}(, ${input})*\), weighted alike) \(limited to \d+ MB(, [\w, ]+ set to (a placeholder|placeholders))?\)$`));
      // Priced from the measurement: CPU as measured, duration stretched to the template's memory.
      expect(estimate.assumptions.cpuMs).toBe(measured!.cpuMs);
      expect(estimate.assumptions.durationMs).toBeGreaterThanOrEqual(measured!.wallMs);
    }
  });
});

describe("built bundles invoked like Lambda does, in a separate Node 22 process", () => {
  it("answers every sample event in events/ as expected", async () => {
    const events = readdirSync(path.join(project, "events")).filter((file) => file.endsWith(".json"));
    const checked: string[] = [];
    for (const name of bundles()) {
      const mine = events.filter((file) => file.startsWith(`${name}-`));
      expect(mine.length, `no sample event for ${name} in events/`).toBeGreaterThan(0);
      for (const file of mine) {
        const check = expectations[file];
        expect(check, `no expectation for events/${file}`).toBeDefined();
        const result = await invoke(name, file);
        expect(result.exitCode, result.stderr).toBe(0);
        // Every log line is JSON and carries the invocation's request id.
        expect(result.logs.length).toBeGreaterThan(0);
        for (const line of result.logs) expect(line.requestId).toBe(result.requestId);
        check?.(result);
        checked.push(file);
      }
    }
    expect(checked.sort()).toEqual(events.sort());
  });
});

function bundles(): string[] {
  const dist = path.join(project, "dist");
  return readdirSync(dist).filter((entry) => statSync(path.join(dist, entry)).isDirectory());
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules") return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

interface InvokeResult {
  exitCode: number | undefined;
  requestId: string;
  event: Record<string, unknown>;
  response: Record<string, unknown>;
  logs: Record<string, unknown>[];
  sent: SentMessage[];
  stderr: string;
}

// Imports the bundle and calls its handler with an event and a context shaped like the Node.js runtime's.
const RUNNER = `
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [bundle, eventFile, resultFile, requestId] = process.argv.slice(2);
const name = process.env.AWS_LAMBDA_FUNCTION_NAME;
const deadline = Date.now() + Number(process.env.TIMEOUT_SECONDS) * 1000;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: name,
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:" + name,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: requestId,
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};
const { handler } = await import(pathToFileURL(bundle).href);
const response = await handler(JSON.parse(readFileSync(eventFile, "utf8")), context);
writeFileSync(resultFile, JSON.stringify(response));
`;

async function invoke(name: string, eventFile: string): Promise<InvokeResult> {
  // Lambda's task root holds the bundle alone: copy it out of the project, away from node_modules.
  const taskRoot = path.join(tmp, "task", name);
  rmSync(taskRoot, { recursive: true, force: true });
  cpSync(path.join(project, "dist", name), taskRoot, { recursive: true });
  const runner = path.join(tmp, "runner.mjs");
  writeFileSync(runner, RUNNER);
  const resultFile = path.join(tmp, `${name}-result.json`);
  rmSync(resultFile, { force: true });
  const requestId = randomUUID();
  const eventPath = path.join(project, "events", eventFile);
  sqs.sent.length = 0;

  const child = await execa(node22, ["--enable-source-maps", runner, path.join(taskRoot, `${name}.mjs`), eventPath, resultFile, requestId], {
    cwd: taskRoot,
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH,
      TZ: "UTC",
      LAMBDA_TASK_ROOT: taskRoot,
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: "2026/11/25/[$LATEST]3f2a9c1e7b5d4e6f8a0b1c2d3e4f5a6b",
      AWS_LAMBDA_LOG_FORMAT: "JSON",
      AWS_LAMBDA_LOG_LEVEL: "INFO",
      AWS_ACCESS_KEY_ID: "ASIAE2ETESTKEY",
      AWS_SECRET_ACCESS_KEY: "e2e-test-secret",
      AWS_SESSION_TOKEN: "e2e-test-session",
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      ORDERS_QUEUE_URL: sqs.queueUrl,
      TIMEOUT_SECONDS: String(TIMEOUT),
    },
  });
  const lines = child.stdout.split("\n").filter((line) => line.trim() !== "");
  return {
    exitCode: child.exitCode,
    requestId,
    event: JSON.parse(readFileSync(eventPath, "utf8")) as Record<string, unknown>,
    response: existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, "utf8")) as Record<string, unknown>) : {},
    logs: lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    sent: [...sqs.sent],
    stderr: `${child.stderr}\n${child.stdout}`,
  };
}

interface SentMessage {
  queueUrl: string;
  body: string;
}

interface FakeSqs {
  endpoint: string;
  queueUrl: string;
  sent: SentMessage[];
  close(): Promise<void>;
}

/** SendMessage over SQS's JSON protocol, answered with the body's MD5 as the SDK checks. */
async function startFakeSqs(): Promise<FakeSqs> {
  const sent: SentMessage[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, string>;
    response.setHeader("content-type", "application/x-amz-json-1.0");
    if (request.headers["x-amz-target"] !== "AmazonSQS.SendMessage") {
      response.statusCode = 400;
      response.end(JSON.stringify({ __type: "com.amazonaws.sqs#UnsupportedOperation", message: "fake SQS" }));
      return;
    }
    const body = input.MessageBody ?? "";
    sent.push({ queueUrl: input.QueueUrl ?? "", body });
    response.end(JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: createHash("md5").update(body).digest("hex") }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/123456789012/orders-demo-OrdersQueue`,
    sent,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

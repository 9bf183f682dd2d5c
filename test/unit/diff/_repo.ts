import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const ORDERS = "aws-lambda:src/orders.ts#OrdersFunction";
export const REPORTS = "aws-lambda:src/reports.ts#ReportsFunction";
export const REFUNDS = "aws-lambda:src/refunds.ts#RefundsFunction";
export const INVOICES = "aws-lambda:src/invoices.ts#InvoicesFunction";

const GIT_ENV = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: "utf8" }).trim();
}

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

function template(memory: { orders: number }, functions: string[]): string {
  const resources = functions.map((name) => {
    const mem = name === "Orders" ? memory.orders : 256;
    return `  ${name}Function:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: src/${name.toLowerCase()}.handler\n      MemorySize: ${mem}\n`;
  });
  return `AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs22.x\n    Timeout: 10\nResources:\n${resources.join("")}`;
}

/** A package of about 170 kB minified, installed (not committed), as `npm install` would leave it. */
function heavyPackage(root: string): void {
  let body = "export function render(x) {\n  let out = \"\";\n";
  for (let i = 0; i < 3000; i++) body += `  if (x === ${i}) out += "branch number ${i} of the heavy library";\n`;
  write(root, {
    "node_modules/heavy-lib/package.json": JSON.stringify({ name: "heavy-lib", version: "1.0.0", type: "module", main: "index.js" }),
    "node_modules/heavy-lib/index.js": `${body}  return out;\n}\n`,
  });
}

const FETCH_NO_SIGNAL = 'export const handler = async () => {\n  const res = await fetch("https://api.example.com/orders");\n  return { statusCode: 200, body: await res.text() };\n};\n';
const FETCH_WITH_SIGNAL = 'export const handler = async () => {\n  const res = await fetch("https://api.example.com/orders", { signal: AbortSignal.timeout(3000) });\n  return { statusCode: 200, body: await res.text() };\n};\n';

/**
 * A SAM project with two commits. The second adds a heavy dependency to Reports, raises Orders'
 * memory from 512 to 1024 MB and fixes its fetch without a timeout, adds Invoices (whose fetch has
 * none) and removes Refunds; the working tree is clean at the second commit.
 */
export function twoCommitRepo(): { root: string; base: string; head: string; cleanup: () => void } {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "coldstart-diff-")));
  git(root, "init", "-q", "-b", "main");
  write(root, {
    ".gitignore": "node_modules\n",
    "package.json": JSON.stringify({ name: "shop", private: true, type: "module" }),
    "coldstart.config.json": JSON.stringify({ cost: { defaults: { invocations: 50_000_000 } } }),
    "template.yaml": template({ orders: 512 }, ["Orders", "Reports", "Refunds"]),
    "src/orders.ts": FETCH_NO_SIGNAL,
    "src/reports.ts": 'export const handler = async () => ({ statusCode: 200, body: "ok" });\n',
    "src/refunds.ts": 'export const handler = async () => ({ statusCode: 204 });\n',
  });
  heavyPackage(root);
  git(root, "add", "-A");
  git(root, "commit", "-qm", "base");
  const base = git(root, "rev-parse", "HEAD");
  rmSync(path.join(root, "src/refunds.ts"));
  write(root, {
    "template.yaml": template({ orders: 1024 }, ["Orders", "Reports", "Invoices"]),
    "src/orders.ts": FETCH_WITH_SIGNAL,
    "src/reports.ts": 'import { render } from "heavy-lib";\nexport const handler = async (event: { n: number }) => ({ statusCode: 200, body: render(event.n) });\n',
    "src/invoices.ts": FETCH_NO_SIGNAL.replace("orders", "invoices"),
  });
  git(root, "add", "-A");
  git(root, "commit", "-qm", "head: heavy reports, bigger orders, invoices, no refunds");
  const head = git(root, "rev-parse", "HEAD");
  return { root, base, head, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

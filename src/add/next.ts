import { parse, type ParseError } from "jsonc-parser";
import { InputError, UsageError } from "../errors.js";
import { appendToJsonList } from "./jsonc.js";
import type { AddPlan, AddRequest, FileChange } from "./types.js";

/**
 * A Next.js App Router project: `http` adds a route handler, `cron` a secret-guarded route and its
 * entry in vercel.json `crons` (edited with jsonc-parser, which changes only the bytes it inserts).
 */
export function addToNext(request: AddRequest): AddPlan {
  const app = request.isDir("src/app") ? "src/app" : "app";
  const route = request.kind === "cron" ? `${app}/api/cron/${request.name}/route.ts` : `${app}/api/${request.name}/route.ts`;
  if (request.read(route) !== undefined || request.isDir(route.replace(/\/route\.ts$/, ""))) throw new InputError(`${route.replace(/\/route\.ts$/, "")} already exists; choose another name.`);
  const changes: FileChange[] = [];
  const notes: string[] = [];
  switch (request.kind) {
    case "http":
      changes.push({ path: route, before: undefined, after: HTTP_ROUTE });
      break;
    case "cron": {
      changes.push({ path: route, before: undefined, after: CRON_ROUTE });
      const path = `/api/cron/${request.name}`;
      const before = request.read("vercel.json");
      const after = addCron(before ?? "{}\n", path);
      changes.push({ path: "vercel.json", before, after });
      notes.push("Set CRON_SECRET in the Vercel project's environment variables: Vercel sends it as a bearer token and the route refuses calls without it.");
      break;
    }
    default:
      throw new UsageError(`a Next.js app takes http or cron, not ${request.kind}.`);
  }
  return { project: "Next.js app", changes, notes };
}

function addCron(text: string, path: string): string {
  const errors: ParseError[] = [];
  const config = parse(text, errors, { allowTrailingComma: true }) as { crons?: unknown } | undefined;
  if (errors.length > 0 || typeof config !== "object" || config === null || Array.isArray(config)) throw new InputError("vercel.json does not parse as a JSON object, so coldstart cannot edit it safely; add the cron by hand.");
  const crons = config.crons;
  if (crons !== undefined && !Array.isArray(crons)) throw new InputError("vercel.json's crons is not a list; add the cron by hand.");
  if (Array.isArray(crons) && crons.some((cron) => (cron as { path?: unknown })?.path === path)) throw new InputError(`vercel.json already has a cron for ${path}.`);
  return appendToJsonList(text, ["crons"], { path, schedule: "0 6 * * *" });
}

const HTTP_ROUTE = `export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// The function's ceiling on Vercel; keep outbound calls well inside it (AbortSignal.timeout).
export const maxDuration = 30;

export async function GET(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-vercel-id") ?? crypto.randomUUID();
  console.log(JSON.stringify({ level: "info", message: "request", requestId, path: new URL(request.url).pathname }));
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
`;

const CRON_ROUTE = `import { createHash, timingSafeEqual } from "node:crypto";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 60;

/**
 * Called by Vercel Cron (vercel.json \`crons\`, UTC) with \`Authorization: Bearer <CRON_SECRET>\`.
 * A cron path is a public URL: without the secret, nothing runs. Vercel may deliver a call more
 * than once, so record each run (by date) before doing work that must happen once.
 */
export async function GET(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-vercel-id") ?? crypto.randomUUID();
  if (!authorized(request, process.env.CRON_SECRET)) {
    console.warn(JSON.stringify({ level: "warn", message: "cron call refused", requestId }));
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  console.log(JSON.stringify({ level: "info", message: "cron run", requestId }));
  // Your work here; give every outbound call a timeout (AbortSignal.timeout) inside maxDuration.
  return Response.json({ status: "done" });
}

function authorized(request: Request, secret: string | undefined): boolean {
  if (!secret) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(request.headers.get("authorization") ?? ""), digest(\`Bearer \${secret}\`));
}
`;

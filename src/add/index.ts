import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { InputError, UsageError } from "../errors.js";
import { createBoundary, type Boundary } from "../project/source/boundary.js";
import { addToNext } from "./next.js";
import { addToSam } from "./sam.js";
import { addToServerless } from "./serverless.js";
import type { AddKind, AddPlan, AddRequest } from "./types.js";
import { addToWrangler } from "./wrangler.js";

const DEFAULT_NAMES: Record<AddKind, string> = { http: "hello", cron: "nightly", "sqs-consumer": "jobs-worker", "queue-consumer": "jobs", event: "order-placed" };
const WRANGLER = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"];

/** Works out which config the project has and what adding `kind` changes; writes nothing. */
export async function planAdd(root: string, kind: AddKind, name: string | undefined): Promise<AddPlan> {
  const chosen = name ?? DEFAULT_NAMES[kind];
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(chosen) || chosen.endsWith("-")) {
    throw new UsageError(`"${chosen}" cannot be used as a name: use lowercase letters, digits and dashes, starting with a letter (at most 41 characters).`);
  }
  const boundary = createBoundary(root);
  const request = requestFor(root, kind, chosen, boundary);
  const plan = await planFor(root, request);
  // Nothing is written through a symbolic link that leaves the project (a src/ pointing elsewhere, say).
  for (const change of plan.changes) {
    let existing = path.join(root, change.path);
    while (!existsSync(existing) && existing !== root) existing = path.dirname(existing);
    const refused = boundary.refuse(existing);
    if (refused) throw new InputError(`cannot write ${change.path}: ${path.relative(root, existing) || "."} ${refused}.`);
  }
  return plan;
}

async function planFor(root: string, request: AddRequest): Promise<AddPlan> {
  const sam = ["template.yaml", "template.yml"].find((file) => /^Transform:\s*AWS::Serverless/m.test(request.read(file) ?? ""));
  if (sam) return addToSam(request, sam);
  const serverless = ["serverless.yml", "serverless.yaml"].find((file) => request.read(file) !== undefined);
  if (serverless) return addToServerless(request, serverless);
  const code = ["serverless.ts", "serverless.js", "serverless.json"].find((file) => request.read(file) !== undefined);
  if (code) throw new InputError(`${code} is ${code.endsWith(".json") ? "JSON without comments to keep, but coldstart add edits serverless.yml only" : "code, which coldstart add does not rewrite"}; add the function to it by hand.`);
  const wrangler = WRANGLER.find((file) => request.read(file) !== undefined);
  if (wrangler) return addToWrangler(request, wrangler);
  const pkg = request.read("package.json") ?? "";
  if (/"next"\s*:/.test(pkg) && (request.isDir("app") || request.isDir("src/app"))) return addToNext(request);
  throw new InputError(`found no SAM template (template.yaml), serverless.yml, wrangler config or Next.js App Router app in ${root}.`, {
    hint: "Run coldstart add in the project's folder, or pass it as --dir.",
  });
}

function requestFor(root: string, kind: AddKind, name: string, boundary: Boundary): AddRequest {
  // Names are fixed here, never taken from the project's config, and read through the Boundary.
  return {
    root,
    kind,
    name,
    read: (file) => {
      const full = path.join(root, file);
      if (!existsSync(full)) return undefined;
      const refused = boundary.refuse(full);
      if (refused) throw new InputError(`${file} ${refused}; coldstart add does not read it.`);
      return statSync(full).isFile() ? readFileSync(full, "utf8") : undefined;
    },
    isDir: (dir) => existsSync(path.join(root, dir)) && statSync(path.join(root, dir)).isDirectory(),
  };
}

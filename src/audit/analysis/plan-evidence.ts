import path from "node:path";
import { parseJsonc } from "../../project/formats/jsonc.js";
import type { Project, SourceLocation } from "../../project/types.js";
import type { AuditConfig } from "../settings.js";

/**
 * Facts that say a project must be on a paid plan, because the free plan refuses them:
 * - Vercel Hobby runs cron jobs at most once a day (vercel.com/docs/cron-jobs/usage-and-pricing),
 *   and deploys functions to one region (vercel.com/docs/functions/configuring-functions/region).
 * - Workers Free has a fixed 10 ms CPU limit; `limits.cpu_ms` is a Paid setting
 *   (developers.cloudflare.com/workers/platform/limits/#cpu-time).
 * maxDuration over Hobby's 300 s is not used: it is what timeout/exceeds-limit judges against the plan.
 */
const WORKERS_FREE_CPU_MS = 10;

export interface PlanInference {
  /** The config section and its value, as the user would write them: `vercel.plan` "pro". */
  section: "vercel" | "workers";
  plan: "pro" | "paid";
  /** What was read, with where: the first few pieces of evidence. */
  evidence: Array<{ at: SourceLocation; why: string }>;
}

/** How many times a day a five-field cron schedule runs at most (minute x hour values); undefined when unreadable. */
export function runsPerDay(schedule: string): number | undefined {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const minutes = fieldValues(fields[0]!, 60);
  const hours = fieldValues(fields[1]!, 24);
  return minutes === undefined || hours === undefined ? undefined : minutes * hours;
}

function fieldValues(field: string, size: number): number | undefined {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = m[1] === "*" ? 0 : Number(m[2]);
    const to = m[1] === "*" ? size - 1 : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? size - 1 : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (step < 1 || from > to || to >= size) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values.size;
}

/**
 * The paid plans the project's own configuration requires, for the sections the config does not
 * set (the config always wins). Reads vercel.json files for crons and regions, and each Worker's
 * `limits.cpu_ms`.
 */
export function inferPlans(project: Project, config: AuditConfig, read: (abs: string) => string | undefined): PlanInference[] {
  const out: PlanInference[] = [];
  const rel = (abs: string) => path.relative(project.root, abs).split(path.sep).join("/");
  const setIn = (section: string) => {
    const value = config[section];
    return Boolean(value && typeof value === "object" && (value as { plan?: unknown }).plan !== undefined);
  };
  if (!setIn("vercel")) {
    const evidence: PlanInference["evidence"] = [];
    for (const file of project.configFiles.filter((f) => f.kind === "vercel-json")) {
      const text = read(file.path);
      const parsed = text === undefined ? undefined : parseJsonc(text);
      if (!parsed?.ok) continue;
      const { value, positionOf } = parsed.doc;
      const at = (p: Array<string | number>): SourceLocation => ({ file: rel(file.path), line: positionOf(p)?.line ?? 1, column: positionOf(p)?.column ?? 1 });
      const doc = value as { crons?: unknown; regions?: unknown };
      for (const [i, cron] of (Array.isArray(doc.crons) ? doc.crons : []).entries()) {
        const schedule = (cron as { schedule?: unknown } | null)?.schedule;
        const times = typeof schedule === "string" ? runsPerDay(schedule) : undefined;
        if (typeof schedule === "string" && times !== undefined && times > 1) {
          evidence.push({ at: at(["crons", i, "schedule"]), why: `the cron "${schedule}" runs ${times} times a day, and Hobby runs crons at most once a day` });
        }
      }
      if (Array.isArray(doc.regions) && doc.regions.length > 1) {
        evidence.push({ at: at(["regions"]), why: `regions lists ${doc.regions.length} regions, and Hobby deploys functions to one` });
      }
    }
    if (evidence.length > 0) out.push({ section: "vercel", plan: "pro", evidence });
  }
  if (!setIn("workers")) {
    const evidence: PlanInference["evidence"] = [];
    const seen = new Set<string>();
    for (const fn of project.functions) {
      const cpuMs = fn.workers?.limits?.cpuMs;
      const key = `${fn.config.file}:${fn.config.line}`;
      if (cpuMs === undefined || cpuMs <= WORKERS_FREE_CPU_MS || seen.has(key)) continue;
      seen.add(key);
      evidence.push({ at: fn.config, why: `limits.cpu_ms is ${cpuMs}, and the Free plan's CPU time is fixed at ${WORKERS_FREE_CPU_MS} ms` });
    }
    if (evidence.length > 0) out.push({ section: "workers", plan: "paid", evidence });
  }
  return out;
}

/** The config with the inferred plans filled in where it says none, so rules and limits use them. */
export function withInferredPlans(config: AuditConfig, plans: PlanInference[]): AuditConfig {
  const out: AuditConfig = { ...config };
  for (const p of plans) out[p.section] = { ...(config[p.section] as object | undefined), plan: p.plan };
  return out;
}

import path from "node:path";
import { runtimeDef } from "../../platforms/index.js";
import { parseJsonc } from "../../project/formats/jsonc.js";
import type { Project, SourceLocation, WorkersSettings } from "../../project/types.js";
import type { AuditConfig } from "../settings.js";
import { VERCEL_MAX_DURATION_S } from "./timeout-limits.js";

/**
 * Facts that say a project must be on a paid plan, because the free plan refuses them:
 * - Vercel Hobby runs cron jobs at most once a day (vercel.com/docs/cron-jobs/usage-and-pricing),
 *   and deploys functions to one region (vercel.com/docs/functions/configuring-functions/region).
 * - Vercel Hobby refuses maxDuration above its maximum (300 s, vercel.com/docs/functions/limitations,
 *   src/platforms/vercel.ts). It is weaker evidence than the others: it is also the mistake
 *   timeout/exceeds-limit looks for, so a plan read from maxDuration alone says so.
 * - Workers Free has a fixed 10 ms CPU limit; `limits.cpu_ms` is a Paid setting
 *   (developers.cloudflare.com/workers/platform/limits/#cpu-time).
 * - Workers Free offers no Tail Workers, Trace Events Logpush or Containers (sources, read
 *   2026-12-05, in the wrangler reader: src/project/readers/workers/wrangler.ts).
 */
const WORKERS_FREE_CPU_MS = 10;

export interface PlanInference {
  /** The config section and its value, as the user would write them: `vercel.plan` "pro". */
  section: "vercel" | "workers";
  plan: "pro" | "paid";
  /** What was read, with where: the first few pieces of evidence. */
  evidence: Array<{ at: SourceLocation; why: string }>;
  /** Set when the only evidence is a setting the free plan refuses, which may be the mistake itself: what to do about it. */
  caveat?: string;
}

const PAID_ONLY_WHY: Record<NonNullable<WorkersSettings["paidOnly"]>[number]["key"], string> = {
  tail_consumers: "tail_consumers sends the Worker's events to a Tail Worker, and Tail Workers are on the Workers Paid and Enterprise plans only",
  logpush: "logpush = true turns on Workers Trace Events Logpush, which is on the Workers Paid plan only",
  containers: "containers runs Cloudflare Containers, which are on the Workers Paid plan only",
};

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
 * set (the config always wins). Reads vercel.json files for crons and regions and the functions'
 * maxDuration, and each Worker's `limits.cpu_ms` and paid-only settings.
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
    const durations = maxDurationEvidence(project);
    if (evidence.length > 0) out.push({ section: "vercel", plan: "pro", evidence: [...evidence, ...durations] });
    else if (durations.length > 0) {
      out.push({ section: "vercel", plan: "pro", evidence: durations, caveat: "inferred from maxDuration alone: on Hobby the deploy is refused, so set vercel.plan in coldstart's config to confirm it" });
    }
  }
  if (!setIn("workers")) {
    const evidence: PlanInference["evidence"] = [];
    const seen = new Set<string>();
    const add = (at: SourceLocation, why: string) => {
      const key = `${at.file}:${at.line}:${at.column ?? 1}`;
      if (seen.has(key)) return;
      seen.add(key);
      evidence.push({ at, why });
    };
    for (const fn of project.functions) {
      const cpuMs = fn.workers?.limits?.cpuMs;
      if (cpuMs !== undefined && cpuMs > WORKERS_FREE_CPU_MS) {
        add(fn.workers?.locations.limits ?? fn.config, `limits.cpu_ms is ${cpuMs}, and the Free plan's CPU time is fixed at ${WORKERS_FREE_CPU_MS} ms`);
      }
      for (const setting of fn.workers?.paidOnly ?? []) add(setting.at, PAID_ONLY_WHY[setting.key]);
    }
    if (evidence.length > 0) out.push({ section: "workers", plan: "paid", evidence });
  }
  return out;
}

/**
 * maxDuration above Hobby's maximum and within Pro's, once per place it is written (a vercel.json
 * glob may cover many functions). Above Pro's maximum it is no plan's: timeout/exceeds-limit reports it.
 */
function maxDurationEvidence(project: Project): PlanInference["evidence"] {
  const byPlace = new Map<string, { at: SourceLocation; seconds: number; names: string[] }>();
  for (const fn of project.functions) {
    const duration = fn.vercel?.maxDuration;
    if (!duration || runtimeDef(fn).isolate) continue;
    if (duration.seconds <= VERCEL_MAX_DURATION_S.hobby || duration.seconds > VERCEL_MAX_DURATION_S.pro) continue;
    const key = `${duration.at.file}:${duration.at.line}:${duration.at.column ?? 1}`;
    const place = byPlace.get(key) ?? { at: duration.at, seconds: duration.seconds, names: [] };
    place.names.push(fn.vercel!.route ?? fn.id);
    byPlace.set(key, place);
  }
  return [...byPlace.values()].map(({ at, seconds, names }) => {
    const which = names.length > 1 ? `${names[0]} and ${names.length - 1} more` : names[0];
    return { at, why: `maxDuration is ${seconds} s for ${which}, and Hobby allows at most ${VERCEL_MAX_DURATION_S.hobby} s` };
  });
}

/** The config with the inferred plans filled in where it says none, so rules and limits use them. */
export function withInferredPlans(config: AuditConfig, plans: PlanInference[]): AuditConfig {
  const out: AuditConfig = { ...config };
  for (const p of plans) out[p.section] = { ...(config[p.section] as object | undefined), plan: p.plan };
  return out;
}

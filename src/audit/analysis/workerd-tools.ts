// Facts: before miniflare 4.20260401.0 its core plugin warned "The latest compatibility date supported by
// the installed Cloudflare Workers Runtime is ..." and ran the Worker on that date instead; workers-sdk
// commit d5bffde (PR #13051, shipped in wrangler 4.80.0 and @cloudflare/vitest-pool-workers 0.14.0) removed
// the fallback, so the date reaches workerd as written and workerd refuses a date past the one it supports
// ("This Worker requires compatibility date ..., but the newest date supported by this server binary is ...").
// miniflare versions are 4.YYYYMMDD.N after the workerd they pin. Deploys never look at the local workerd.
import type { WorkersTool } from "../../project/types.js";

const STRICT_FROM = "2026-04-01";

interface ToolOnNewerDate {
  tool: WorkersTool;
  /** The newest date the workerd this tool runs supports. */
  workerdDate: string;
  behaviour: "refuses" | "falls-back" | "unknown";
}

/** What each installed tool does with `date`, for the tools whose workerd is older than it. */
export function toolsOnNewerDate(tools: readonly WorkersTool[], date: string, workerdMaxDate: string | undefined): ToolOnNewerDate[] {
  const out: ToolOnNewerDate[] = [];
  for (const tool of tools) {
    if (!tool.installed) continue;
    const major = Number(/^(\d+)\./.exec(tool.miniflare ?? "")?.[1] ?? Number.NaN);
    if (major < 3) continue; // miniflare 2 simulates the runtime in Node.js, with no workerd and no date check
    const mf = /^(\d+)\.(\d{4})(\d{2})(\d{2})\.\d+/.exec(tool.miniflare ?? "");
    if (!mf) {
      if (workerdMaxDate && date > workerdMaxDate) out.push({ tool, workerdDate: workerdMaxDate, behaviour: "unknown" });
      continue;
    }
    const workerdDate = `${mf[2]}-${mf[3]}-${mf[4]}`;
    if (date <= workerdDate) continue;
    out.push({ tool, workerdDate, behaviour: major > 4 || (major === 4 && workerdDate >= STRICT_FROM) ? "refuses" : "falls-back" });
  }
  return out;
}

/** The finding for a compatibility date newer than the local workerd: what each tool does, and how bad it is. */
export function newerDateAdvice(tools: readonly WorkersTool[], date: string, workerdMaxDate: string): { message: string; fix: string; severity: "error" | "warning" } {
  const verdicts = toolsOnNewerDate(tools, date, workerdMaxDate);
  const oldest = verdicts.reduce((min, v) => (v.workerdDate < min ? v.workerdDate : min), workerdMaxDate);
  const setIt = `set compatibility_date to ${oldest} or earlier`;
  if (verdicts.length === 0) {
    return {
      message: `compatibility_date ${date} is newer than the installed workerd supports (${workerdMaxDate}). What local dev and tests do then depends on the tool that runs workerd, which coldstart cannot see installed: miniflare 4.20260401.0 and later (wrangler 4.80.0+, @cloudflare/vitest-pool-workers 0.14.0+) refuse to start ("This Worker requires compatibility date ${date}"), older ones warn and run the Worker on ${workerdMaxDate}. Deploys use the date as written. Update wrangler, which pins workerd, or ${setIt}.`,
      fix: `Update wrangler, or ${setIt}.`,
      severity: "warning",
    };
  }
  const groups = (behaviour: ToolOnNewerDate["behaviour"]) => verdicts.filter((v) => v.behaviour === behaviour);
  const sentences: string[] = [];
  const refusing = groups("refuses");
  if (refusing.length > 0) {
    sentences.push(`${names(refusing)} ${refusing.length > 1 ? "refuse" : "refuses"} to start: the workerd it runs stops with "This Worker requires compatibility date ${date}, but the newest date supported by this server binary is ${refusing[0]!.workerdDate}".`);
  }
  const falling = groups("falls-back");
  if (falling.length > 0) {
    sentences.push(`${names(falling)} ${falling.length > 1 ? "warn" : "warns"} and ${falling.length > 1 ? "run" : "runs"} the Worker on ${falling[0]!.workerdDate} instead, so what later dates turn on is missing locally.`);
  }
  const unknown = groups("unknown");
  if (unknown.length > 0) {
    sentences.push(`${names(unknown)} may refuse to start or fall back to ${workerdMaxDate} (its miniflare could not be read: from 4.20260401.0 it refuses).`);
  }
  const updated = [...new Set(verdicts.map((v) => v.tool.name))];
  const update = updated.join(" and ");
  const told = sentences.map((t) => t.charAt(0).toUpperCase() + t.slice(1)).join(" ");
  return {
    message: `compatibility_date ${date} is newer than the workerd the installed tools run. ${told} Deploys use the date as written. Update ${update}, which ${updated.length > 1 ? "pin" : "pins"} workerd, or ${setIt}.`,
    fix: `Update ${update}, or ${setIt}.`,
    severity: refusing.length > 0 ? "error" : "warning",
  };
}

function names(verdicts: ToolOnNewerDate[]): string {
  const role = ({ tool }: ToolOnNewerDate) => {
    const what = `${tool.name} ${tool.version}`;
    switch (tool.name) {
      case "wrangler":
        return `\`wrangler dev\` (${what})`;
      case "@cloudflare/vitest-pool-workers":
        return `the Vitest pool (${what})`;
      case "@cloudflare/vite-plugin":
        return `\`vite dev\` (${what})`;
    }
  };
  const list = verdicts.map(role);
  return list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : list[0]!;
}

/** The wrangler major the project runs (installed) or asks for (package.json), when it can be told. */
export function wranglerMajor(tools: readonly WorkersTool[] | undefined): { major: number; version: string; installed: boolean } | undefined {
  const wrangler = tools?.find((t) => t.name === "wrangler");
  const m = wrangler ? /(\d+)/.exec(wrangler.version) : null;
  return wrangler && m ? { major: Number(m[1]), version: wrangler.version, installed: wrangler.installed } : undefined;
}

/**
 * What Linux's /proc tells about the processes of one measuring run. Elsewhere there is no /proc:
 * the readings are undefined or empty, and the run is contained by its time limit and V8's heap
 * limit only (docs/cost.md says so).
 */
import { readdirSync, readFileSync } from "node:fs";

const linux = process.platform === "linux";

function allPids(): string[] {
  try {
    return readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
}

/** Ids of the processes in group `pgid` (field 5 of /proc/<pid>/stat, after the command name). */
function groupMembers(pgid: number): number[] {
  if (!linux) return [];
  const out: number[] = [];
  for (const pid of allPids()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid) out.push(Number(pid));
    } catch {
      // gone since the listing
    }
  }
  return out;
}

/** Resident memory of the whole group but `except`, in MB; undefined where it cannot be read. */
export function groupRssMb(pgid: number, except?: number): number | undefined {
  if (!linux) return undefined;
  let kb = 0;
  for (const pid of groupMembers(pgid).filter((p) => p !== except)) {
    try {
      kb += Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // exited between the two reads
    }
  }
  return kb / 1024;
}

/**
 * Processes whose environment holds `entry` (NAME=value): descendants of a run that left its process
 * group (setsid, Node's `detached: true`) but kept the environment they were given.
 */
export function processesWithEnv(entry: string): number[] {
  if (!linux) return [];
  const out: number[] = [];
  for (const pid of allPids()) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(entry)) out.push(Number(pid));
    } catch {
      // another user's process, or gone
    }
  }
  return out;
}

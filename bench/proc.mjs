// Reading a process tree's memory and CPU time from /proc (Linux), for the bench scripts.
import { readFileSync } from "node:fs";

/** The process and all its descendants. */
export function tree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      const children = readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, "utf8").trim();
      if (children) all.push(...children.split(/\s+/).map(Number));
    } catch {
      // Gone already.
    }
  }
  return all;
}

export function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a process in clock ticks, or with `children` the cutime + cstime of the children it has waited for. */
export function cpuTicks(pid, children = false) {
  try {
    // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are 12th to 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return children ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

import type { Platform } from "../project/types.js";
import type { FunctionSnapshot, Snapshot, SnapshotFinding } from "./snapshot.js";
import type { BeforeAfter, DiffFinding, DiffResult, FunctionDiff, FunctionStatus } from "./types.js";

function toDiffFinding(f: SnapshotFinding): DiffFinding {
  return { fingerprint: f.key, ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file, line: f.line };
}

function belongsTo(f: SnapshotFinding, id: string): boolean {
  return f.function === id || (f.functions?.includes(id) ?? false);
}

/** Findings of `head` whose fingerprint `base` lacks (added), and the reverse (fixed). */
function findingChanges(base: SnapshotFinding[], head: SnapshotFinding[]): { added: DiffFinding[]; fixed: DiffFinding[] } {
  const before = new Set(base.map((f) => f.key));
  const after = new Set(head.map((f) => f.key));
  return {
    added: head.filter((f) => !before.has(f.key)).map(toDiffFinding),
    fixed: base.filter((f) => !after.has(f.key)).map(toDiffFinding),
  };
}

const mid = (s: FunctionSnapshot | undefined) => (s?.coldStart ? Math.round((s.coldStart.lowMs + s.coldStart.highMs) / 2) : null);
const range = (s: FunctionSnapshot | undefined): [number, number] | null => (s?.coldStart ? [s.coldStart.lowMs, s.coldStart.highMs] : null);
const pair = <T>(base: T, head: T): BeforeAfter<T> => ({ base, head });

/** Largest change first: the monthly cost moved (to the cent), then the bytes, then the findings. */
function byChange(x: FunctionDiff, y: FunctionDiff): number {
  const usd = (fn: FunctionDiff) => Math.round(Math.abs((fn.monthlyUsd.head ?? 0) - (fn.monthlyUsd.base ?? 0)) * 100);
  const bytes = (fn: FunctionDiff) => Math.abs((fn.sizeBytes.head ?? 0) - (fn.sizeBytes.base ?? 0));
  const findings = (fn: FunctionDiff) => fn.findings.added.length + fn.findings.fixed.length;
  return usd(y) - usd(x) || bytes(y) - bytes(x) || findings(y) - findings(x);
}

const ORDER: Record<FunctionStatus, number> = { added: 0, changed: 0, removed: 0, unchanged: 1 };

export function compareSnapshots(base: Snapshot, head: Snapshot): Pick<DiffResult, "functions" | "findings" | "totals"> {
  const before = new Map(base.functions.map((f) => [f.id, f]));
  const after = new Map(head.functions.map((f) => [f.id, f]));
  const ids = [...new Set([...after.keys(), ...before.keys()])];
  const functions: FunctionDiff[] = ids.map((id) => {
    const b = before.get(id);
    const h = after.get(id);
    const findings = findingChanges(b ? base.findings.filter((f) => belongsTo(f, id)) : [], h ? head.findings.filter((f) => belongsTo(f, id)) : []);
    const fn: FunctionDiff = {
      id,
      platform: (h ?? b)!.platform,
      status: "unchanged",
      sizeBytes: pair(b?.bytes ?? null, h?.bytes ?? null),
      gzipBytes: pair(b?.gzipBytes ?? null, h?.gzipBytes ?? null),
      coldStartMs: pair(mid(b), mid(h)),
      coldStartRangeMs: pair(range(b), range(h)),
      monthlyUsd: pair(b?.monthlyUsd ?? null, h?.monthlyUsd ?? null),
      findings,
    };
    const moved =
      fn.sizeBytes.base !== fn.sizeBytes.head ||
      fn.gzipBytes.base !== fn.gzipBytes.head ||
      !sameUsd(fn.monthlyUsd.base, fn.monthlyUsd.head) ||
      findings.added.length + findings.fixed.length > 0;
    fn.status = !b ? "added" : !h ? "removed" : moved ? "changed" : "unchanged";
    return fn;
  });
  functions.sort((x, y) => ORDER[x.status] - ORDER[y.status] || byChange(x, y) || x.id.localeCompare(y.id));

  const loose = (s: Snapshot) => s.findings.filter((f) => !f.function && !f.functions?.length);
  const byPlatform: Partial<Record<Platform, BeforeAfter<number>>> = {};
  for (const fn of functions) {
    if (fn.monthlyUsd.base === null && fn.monthlyUsd.head === null) continue;
    const t = (byPlatform[fn.platform] ??= pair(0, 0));
    t.base += fn.monthlyUsd.base ?? 0;
    t.head += fn.monthlyUsd.head ?? 0;
  }
  const sum = (pick: (fn: FunctionDiff) => number | null) => functions.reduce((s, fn) => s + (pick(fn) ?? 0), 0);
  return {
    functions,
    findings: findingChanges(loose(base), loose(head)),
    totals: {
      monthlyUsd: pair(sum((fn) => fn.monthlyUsd.base), sum((fn) => fn.monthlyUsd.head)),
      monthlyUsdByPlatform: byPlatform,
      sizeBytes: pair(sum((fn) => fn.sizeBytes.base), sum((fn) => fn.sizeBytes.head)),
    },
  };
}

/** Cost estimates are floats: a difference under a hundredth of a cent a month is no change. */
function sameUsd(a: number | null, b: number | null): boolean {
  return a === b || (a !== null && b !== null && Math.abs(a - b) < 0.0001);
}

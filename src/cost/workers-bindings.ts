/**
 * Workers bindings (KV, D1, R2, Queues, Durable Objects): what a Worker binds comes from its wrangler
 * config, what it does with them in a month from config `cost.functions[id].bindings`, keyed by the
 * binding's name. A binding with no usage given is listed as not priced, never as $0.
 */
import type { FunctionInfo } from "../project/types.js";
import type { Settings, Subject } from "./assumptions.js";
import type { CostConfig } from "./config-schema.js";
import { DURABLE_OBJECT_GB, type BindingKind, type PriceTable } from "./price-table.js";
import { configFor } from "./unit-config.js";
import { line, type BindingUsage, type Line, type PricedFunction } from "./types.js";

/** Days per month used to check the Free plan's daily limits (the shortest month would be stricter). */
export const DAYS_PER_MONTH = 30;

type Given = NonNullable<NonNullable<NonNullable<CostConfig["functions"]>[string]["bindings"]>[string]>;

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 3 });

/** What the wrangler config binds, by name, with the product each is. */
function bound(own: FunctionInfo | undefined): Map<string, BindingKind | "hyperdrive"> {
  const b = own?.workers?.bindings;
  const out = new Map<string, BindingKind | "hyperdrive">();
  if (!b) return out;
  const add = (names: string[] | undefined, kind: BindingKind | "hyperdrive") => (names ?? []).forEach((n) => out.set(n, kind));
  add(b.kv, "kv");
  add(b.d1, "d1");
  add(b.r2, "r2");
  add(b.queues, "queues");
  add(b.durableObjects, "durable-objects");
  add(b.hyperdrive, "hyperdrive");
  return out;
}

/** The meters a config entry fills for its product; `messages` and `activeSeconds` are converted. */
function metersOf(kind: BindingKind, given: Given, prices: PriceTable): { meters: Record<string, number>; ignored: string[] } {
  const known = prices["cloudflare-workers"].bindings[kind].meters;
  const meters: Record<string, number> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    if (key === "kind" || typeof value !== "number") continue;
    if (kind === "queues" && key === "messages") meters.operations = (meters.operations ?? 0) + value * 3;
    else if (kind === "durable-objects" && key === "activeSeconds") meters.gbSeconds = (meters.gbSeconds ?? 0) + value * DURABLE_OBJECT_GB;
    else if (key in known) meters[key] = (meters[key] ?? 0) + value;
    else ignored.push(key);
  }
  return { meters, ignored };
}

/** Each binding's month of use, and the notes and warnings for bindings that cannot be priced. */
export function resolveBindings(subject: Subject, own: FunctionInfo | undefined, s: Settings, prices: PriceTable, notes: string[], warnings: string[]): BindingUsage[] {
  const given = configFor(subject, s)?.bindings ?? {};
  const declared = bound(own);
  const where = `cost.functions["${subject.id}"].bindings`;
  const names = prices["cloudflare-workers"].bindings;
  const out: BindingUsage[] = [];
  for (const [name, entry] of Object.entries(given)) {
    const projectKind = declared.get(name);
    if (projectKind === "hyperdrive") {
      warnings.push(`${where}.${name}: a Hyperdrive binding; coldstart has no Hyperdrive rates, so its usage is not priced.`);
      continue;
    }
    const kind = projectKind ?? entry.kind;
    if (!kind) {
      warnings.push(`${where}.${name}: the wrangler config binds no "${name}" and the entry names no kind ("kv", "d1", "r2", "queues", "durable-objects"): not priced.`);
      continue;
    }
    if (projectKind && entry.kind && entry.kind !== projectKind) {
      warnings.push(`${where}.${name} says kind "${entry.kind}", but the wrangler config binds "${name}" as ${names[projectKind].name}: priced as ${names[projectKind].name}.`);
    }
    const { meters, ignored } = metersOf(kind, entry, prices);
    if (ignored.length > 0) warnings.push(`${where}.${name}: ${ignored.join(", ")} ${ignored.length === 1 ? "does" : "do"} not apply to ${names[kind].name} and ${ignored.length === 1 ? "is" : "are"} ignored.`);
    const from = projectKind ? "bound in the wrangler config" : `kind "${kind}" from config, not bound in the wrangler config`;
    out.push({ name, kind, meters, source: { kind: "config", detail: `${where}.${name} (${from})` } });
  }
  const unpriced = [...declared].filter(([name, kind]) => kind !== "hyperdrive" && !(name in given)).map(([name, kind]) => `${names[kind as BindingKind].name} ${name}`);
  if (unpriced.length > 0) notes.push(`Not priced: bound but no usage given: ${unpriced.join(", ")}. Give a month's use in ${where}.<BINDING> to price it.`);
  const hyperdrive = [...declared].filter(([, kind]) => kind === "hyperdrive").map(([name]) => name);
  if (hyperdrive.length > 0) notes.push(`Not priced: Hyperdrive ${hyperdrive.join(", ")} (no Hyperdrive rates in the table); the database behind it is billed by its own provider.`);
  return out;
}

function share(allowance: number, mine: number, all: number): number {
  return all > 0 ? (Math.min(allowance, all) * mine) / all : 0;
}

/**
 * Lines for every binding of every Worker. Inclusions and Free-plan limits are per account: the
 * inclusions are shared in proportion to use, and a limit is checked against the account's total.
 */
export function priceBindings(fns: PricedFunction[], prices: PriceTable): Array<{ lines: Line[]; warnings: string[] }> {
  const table = prices["cloudflare-workers"].bindings;
  const totals = new Map<string, number>();
  const key = (kind: BindingKind, meter: string) => `${kind}/${meter}`;
  for (const f of fns) for (const b of f.usage.bindings ?? []) for (const [m, q] of Object.entries(b.meters)) totals.set(key(b.kind, m), (totals.get(key(b.kind, m)) ?? 0) + q);

  return fns.map(({ usage: u }) => {
    const lines: Line[] = [];
    const warnings: string[] = [];
    for (const b of u.bindings ?? []) {
      const product = table[b.kind];
      const onFree = u.plan === "free" && !product.planIndependent;
      // In the table's order, whatever order the config gives them in.
      for (const [m, meter] of Object.entries(product.meters)) {
        const quantity = b.meters[m];
        if (quantity === undefined) continue;
        const item = `${product.name} ${b.name}: ${meter.label}`;
        const all = totals.get(key(b.kind, m)) ?? quantity;
        if (onFree) {
          lines.push(line(`${item} (Free plan)`, quantity, meter.unit, 0, b.source));
          if (!meter.free) {
            warnings.push(`${item}: not available on the Workers Free plan. Use --plan paid.`);
          } else if (meter.free.per === "day" && all / DAYS_PER_MONTH > meter.free.amount) {
            warnings.push(`${item}: ${fmt(all / DAYS_PER_MONTH)} a day (over ${DAYS_PER_MONTH} days) exceeds the Free plan's ${fmt(meter.free.amount)} a day: past it, operations fail. Use --plan paid.`);
          } else if (meter.free.per === "total" && all > meter.free.amount) {
            warnings.push(`${item}: ${fmt(all)} ${meter.unit} exceeds the Free plan's ${fmt(meter.free.amount)} in total. Use --plan paid.`);
          }
          continue;
        }
        const unitPrice = meter.usd / meter.per;
        lines.push(line(item, quantity, meter.unit, unitPrice, b.source));
        if (u.freeTier && meter.included > 0) {
          const included = share(meter.included, quantity, all);
          const whose = product.planIndependent ? "free each month" : "included in Workers Paid";
          if (included > 0) lines.push(line(`${item}, ${whose} (account share of ${fmt(meter.included)})`, -included, meter.unit, unitPrice));
        }
      }
    }
    return { lines, warnings };
  });
}

/**
 * Workers bindings (KV, D1, R2, Queues, Durable Objects): what a Worker binds comes from its wrangler
 * config, what it does with them in a month from config `cost.functions[id].bindings`, keyed by the
 * binding's name. A binding with no usage given is listed as not priced, never as $0.
 */
import type { FunctionInfo } from "../project/types.js";
import type { Settings, Subject } from "./assumptions.js";
import type { CostConfig } from "./config-schema.js";
import {
  DURABLE_OBJECT_GB,
  DURABLE_OBJECT_WEBSOCKET_RATIO,
  QUEUES_CHUNK_BYTES,
  QUEUES_METADATA_BYTES,
  R2_IA_MINIMUM_DAYS,
  type BindingKind,
  type BindingMeter,
  type PriceTable,
} from "./price-table.js";
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

/** Usage keys that are not meters of their product but are converted into one (see `convert`). */
const DERIVED: Record<BindingKind, readonly string[]> = {
  kv: [],
  d1: [],
  r2: ["iaDeletedEarlyGb", "iaDeletedAfterDays"],
  queues: ["messages", "messageBytes", "retries", "deadLettered", "expired"],
  "durable-objects": ["activeSeconds", "websocketMessages"],
};

interface Converted {
  meters: Record<string, number>;
  ignored: string[];
  notes: string[];
  warnings: string[];
}

/** The meters a config entry fills for its product, with the derived keys converted as each pricing page says. */
function metersOf(kind: BindingKind, given: Given, prices: PriceTable, label: string): Converted {
  const known = prices["cloudflare-workers"].bindings[kind].meters;
  const out: Converted = { meters: {}, ignored: [], notes: [], warnings: [] };
  const derived: Record<string, number> = {};
  for (const [key, value] of Object.entries(given)) {
    if (key === "kind" || typeof value !== "number") continue;
    if (DERIVED[kind].includes(key)) derived[key] = value;
    else if (key in known) out.meters[key] = (out.meters[key] ?? 0) + value;
    else out.ignored.push(key);
  }
  convert(kind, derived, out, label);
  return out;
}

const add = (meters: Record<string, number>, key: string, value: number) => (meters[key] = (meters[key] ?? 0) + value);

function convert(kind: BindingKind, d: Record<string, number>, out: Converted, label: string): void {
  if (kind === "durable-objects") {
    if (d.activeSeconds !== undefined) add(out.meters, "gbSeconds", d.activeSeconds * DURABLE_OBJECT_GB);
    if (d.websocketMessages !== undefined) {
      add(out.meters, "requests", d.websocketMessages / DURABLE_OBJECT_WEBSOCKET_RATIO);
      out.notes.push(`${label}: ${fmt(d.websocketMessages)} incoming WebSocket messages are billed as ${fmt(d.websocketMessages / DURABLE_OBJECT_WEBSOCKET_RATIO)} requests (${DURABLE_OBJECT_WEBSOCKET_RATIO}:1).`);
    }
  } else if (kind === "queues") {
    convertQueues(d, out, label);
  } else if (kind === "r2" && d.iaDeletedEarlyGb !== undefined) {
    const days = Math.min(d.iaDeletedAfterDays ?? 0, R2_IA_MINIMUM_DAYS);
    const gbMonths = (d.iaDeletedEarlyGb * (R2_IA_MINIMUM_DAYS - days)) / R2_IA_MINIMUM_DAYS;
    add(out.meters, "iaStorageGb", gbMonths);
    const after = d.iaDeletedAfterDays === undefined ? "deleted right after upload (iaDeletedAfterDays not given)" : `deleted after ${fmt(d.iaDeletedAfterDays)} days`;
    out.notes.push(`${label}: Infrequent Access stored data includes ${fmt(gbMonths)} GB-month for ${fmt(d.iaDeletedEarlyGb)} GB ${after}, billed to the ${R2_IA_MINIMUM_DAYS}-day minimum storage duration.`);
  } else if (kind === "r2" && d.iaDeletedAfterDays !== undefined) {
    out.warnings.push(`${label}: iaDeletedAfterDays is ignored without iaDeletedEarlyGb (the GB deleted before ${R2_IA_MINIMUM_DAYS} days).`);
  }
}

/**
 * An operation per 64 KB chunk written, read or deleted: a delivered message is a write, a read and a
 * delete; each retry is a read, a move to a Dead Letter Queue a write, and a message that expires unread
 * has no read.
 */
function convertQueues(d: Record<string, number>, out: Converted, label: string): void {
  const { messages, messageBytes, retries = 0, deadLettered = 0, expired = 0 } = d;
  if (messages === undefined) {
    const stray = ["messageBytes", "retries", "deadLettered", "expired"].filter((k) => d[k] !== undefined);
    if (stray.length > 0) out.warnings.push(`${label}: ${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} ignored without messages (the messages written a month).`);
    return;
  }
  const chunks = messageBytes === undefined ? 1 : Math.max(1, Math.ceil((messageBytes + QUEUES_METADATA_BYTES) / QUEUES_CHUNK_BYTES));
  const unread = Math.min(expired, messages);
  const perChunk = 3 * messages - unread + retries + deadLettered;
  add(out.meters, "operations", chunks * perChunk);
  const parts = [`${fmt(messages)} messages x 3 (write, read, delete)`];
  if (unread > 0) parts.push(`- ${fmt(unread)} expired unread`);
  if (retries > 0) parts.push(`+ ${fmt(retries)} retries`);
  if (deadLettered > 0) parts.push(`+ ${fmt(deadLettered)} dead-lettered`);
  const size = messageBytes === undefined ? "each message taken as up to 64 KB (messageBytes not given)" : `x ${chunks} operation${chunks === 1 ? "" : "s"} per message of ${fmt(messageBytes)} bytes + ~${QUEUES_METADATA_BYTES} bytes metadata`;
  out.notes.push(`${label}: ${parts.join(" ")} = ${fmt(perChunk)}, ${size}: ${fmt(chunks * perChunk)} operations.`);
  if (expired > messages) out.warnings.push(`${label}: expired (${fmt(expired)}) is more than messages (${fmt(messages)}): counted as ${fmt(messages)}.`);
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
    const converted = metersOf(kind, entry, prices, `${names[kind].name} ${name}`);
    const { meters, ignored } = converted;
    notes.push(...converted.notes);
    warnings.push(...converted.warnings);
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

/**
 * What rounding the account's billable quantity up to the meter's billing unit adds (0 without one). A
 * relative tolerance keeps float residue (999.9999999 or 1000.0000001 GB-month) from costing a unit.
 */
function roundingOf(meter: BindingMeter, billable: number): number {
  const unit = meter.roundUpTo;
  if (!unit || billable <= 0) return 0;
  const units = billable / unit;
  const whole = Math.ceil(units - 1e-9 * Math.max(1, units));
  const extra = whole * unit - billable;
  return extra > 1e-9 * Math.max(unit, billable) ? extra : 0;
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
        const includedTotal = u.freeTier ? Math.min(meter.included, all) : 0;
        if (includedTotal > 0) {
          const whose = product.planIndependent ? "free each month" : "included in Workers Paid";
          lines.push(line(`${item}, ${whose} (account share of ${fmt(meter.included)})`, -share(meter.included, quantity, all), meter.unit, unitPrice));
        }
        const roundedUp = roundingOf(meter, all - includedTotal);
        if (roundedUp > 0 && all > 0) lines.push(line(`${item}, rounded up to the next ${fmt(meter.roundUpTo ?? 1)} ${meter.unit} (account share)`, (roundedUp * quantity) / all, meter.unit, unitPrice));
      }
    }
    return { lines, warnings };
  });
}

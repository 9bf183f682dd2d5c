/**
 * Dated price tables. Every section names where its figures come from and when they were taken;
 * reports print both. Override any entry with config `cost.prices` or `--prices <file.json>`.
 */
import { awsLambda } from "../platforms/aws-lambda.js";
import { cloudflareWorkers } from "../platforms/cloudflare-workers.js";
import { vercel } from "../platforms/vercel.js";

export interface Dated {
  source: string;
  asOf: string;
}

export interface LambdaTier {
  /** Aggregate monthly GB-seconds (per account, region and architecture) this rate applies up to; null = no cap. */
  upToGbSeconds: number | null;
  usdPerGbSecond: number;
}

export interface LambdaArchPrices {
  durationTiers: LambdaTier[];
  provisionedConcurrencyPerGbSecond: number;
  /** Duration of invocations served by Provisioned Concurrency, in place of the on-demand rate. */
  provisionedDurationPerGbSecond?: number;
}

/** A rate that applies up to a cumulative monthly cap; null = no cap. */
export interface VolumeTier {
  upTo: number | null;
  usd: number;
}

export interface LambdaRegionPrices {
  x86_64: LambdaArchPrices;
  arm64: LambdaArchPrices;
  requestsPerMillion: number;
  ephemeralStoragePerGbSecond: number;
}

export interface PriceTable {
  "aws-lambda": Dated & {
    regions: Record<string, LambdaRegionPrices>;
    regionsSource: Dated;
    freeTier: Dated & { requests: number; gbSeconds: number };
    /** INIT time is billed for on-demand ZIP functions from this date; before it, init was free. */
    initBilling: Dated & { billedFrom: string; maxInitMs: number };
    ephemeralStorage: Dated & { freeMb: number };
    memory: Dated & { minMb: number; maxMb: number; mbPerVcpu: number };
    /** Hours in a billing month, for charges by the hour (Provisioned Concurrency) and for spreading traffic over time. */
    month: Dated & { hours: number };
    apiGateway: Dated & {
      /** Per million requests, tiered by the account's monthly requests to that API type. */
      httpApiPerMillion: VolumeTier[];
      restApiPerMillion: VolumeTier[];
      /** The free tier is for new accounts' first 12 months only, so it is stated, never applied. */
      freeTierNote: string;
      /** WebSocket APIs: messages sent and received (tiered by the account's monthly messages) and connection minutes. */
      webSocket: Dated & { messagesPerMillion: VolumeTier[]; connectionMinutesPerMillion: number; messageKb: number };
    };
    /** Application Load Balancer: by the hour, plus Load Balancer Capacity Units (LCU) by the hour. */
    alb: Dated & {
      perHour: number;
      perLcuHour: number;
      /** What one LCU holds for Lambda targets; an hour is billed on the dimension that needs the most. */
      lcu: { newConnectionsPerSecond: number; activeConnectionsPerMinute: number; lambdaGbPerHour: number; ruleEvaluationsPerSecond: number };
      freeTierNote: string;
    };
    xray: Dated & { tracesRecordedPerMillion: number; freeTracesPerMonth: number; reservoirPerSecond: number; fixedRate: number };
    logs: Dated & {
      /** Per GB of Lambda logs ingested into CloudWatch Logs (Standard class), tiered by the account's monthly volume. */
      ingestionPerGb: VolumeTier[];
      freeGbPerMonth: number;
    };
    /** Data transfer out to the internet (responses through API Gateway, a function URL or an ALB), tiered by the account's monthly volume. */
    dataTransferOut: Dated & { perGb: VolumeTier[]; freeGbPerMonth: number };
  };
  vercel: Dated & {
    regions: Record<string, { cpuPerHour: number; memoryPerGbHour: number }>;
    invocationsPerMillion: number;
    plans: Record<VercelPlan, Dated & { includedCpuHours: number; includedGbHours: number; includedInvocations: number; creditUsd: number; seatUsd: number; note: string }>;
    limits: Dated & { hobbyMaxMemoryMb: number; proMaxMemoryMb: number };
    /**
     * CDN meters (Edge Requests, Fast Data Transfer, Fast Origin Transfer) at one set of rates for every
     * region: not in the built-in table; a --prices file or config supplies them, and they then apply to
     * every function whatever its region.
     */
    cdn?: VercelCdnPrices;
    /**
     * CDN rates by region, for Pro, from the regional pricing pages that could be read first-hand (see
     * VERCEL_CDN_UNSOURCED for the rest). A function is priced at its own region's rates.
     */
    cdnRegions: Record<string, VercelCdnPrices>;
  };
  "cloudflare-workers": Dated & {
    paid: { baseUsd: number; includedRequests: number; requestsPerMillion: number; includedCpuMs: number; cpuMsPerMillion: number };
    free: { requestsPerDay: number; cpuMsPerInvocation: number };
    limits: Dated & { memoryMb: number; defaultCpuMs: number; maxCpuMs: number };
    /** Storage and messaging a Worker binds, billed apart from the Worker's requests and CPU time. */
    bindings: Record<BindingKind, BindingPrices>;
  };
}

/** What a Worker can bind that bills by use: the keys of `cost.functions[id].bindings` entries' `kind`. */
export type BindingKind = "kv" | "d1" | "r2" | "queues" | "durable-objects";

/** One meter of a binding: `usd` per `per` units beyond what is included. */
export interface BindingMeter {
  label: string;
  unit: string;
  usd: number;
  per: number;
  /** Included each month on Workers Paid (for a plan-independent product, on every account). */
  included: number;
  /** The Workers Free plan's limit: per day (operations past it fail), in total (storage), or null (not on Free). */
  free: { amount: number; per: "day" | "total" } | null;
  /**
   * The billing unit the account's billable quantity is rounded up to, in the meter's own units (R2: one
   * million operations, one GB-month, one GB). Absent: billed as used.
   */
  roundUpTo?: number;
}

export interface BindingPrices extends Dated {
  /** "Workers KV", "D1"... as the product is named in reports. */
  name: string;
  /** Billed alike on every Workers plan (R2): its own free tier, then charges, even on Workers Free. */
  planIndependent: boolean;
  /** Keyed by the usage key of `cost.functions[id].bindings.<BINDING>`. */
  meters: Record<string, BindingMeter>;
}

export type VercelPlan = "hobby" | "pro" | "pro-legacy";

/** Vercel's CDN rates for the region the requests come from, and what each plan includes. */
export interface VercelCdnPrices extends Dated {
  edgeRequestsPerMillion: number;
  fastDataTransferPerGb: number;
  fastOriginTransferPerGb: number;
  /** Per plan; a plan not listed includes none. */
  included: Partial<Record<VercelPlan, { edgeRequests: number; fastDataTransferGb: number; fastOriginTransferGb: number }>>;
}

/**
 * Why the built-in table has CDN rates for cle1 only. Searched 2026-12-05: of Vercel's per-region pricing
 * pages (vercel.com/docs/pricing/regional-pricing/<region>), only cle1's could be read first-hand, in a
 * snapshot of the page's Markdown; the regional pricing page itself gives only ranges across regions
 * (Fast Data Transfer $0.15-$0.35/GB, Edge Requests $2.00-$3.20/M, Fast Origin Transfer $0.06-$0.43/GB,
 * page updated 2026-09-14), and other regions' figures appear only in third-party pages and translations.
 */
export const VERCEL_CDN_UNSOURCED =
  "coldstart has first-party CDN rates for cle1 only (searched 2026-12-05: Vercel's per-region pricing pages; other regions' rates range from $0.15 to $0.35/GB Fast Data Transfer, $2.00 to $3.20/M Edge Requests, $0.06 to $0.43/GB Fast Origin Transfer)";

export type WorkersPlan = "free" | "paid";
export type LambdaArch = "x86_64" | "arm64";

const AWS_PAGE = "https://aws.amazon.com/lambda/pricing/ (tiers: AWS Compute Blog, Introducing tiered pricing for AWS Lambda, 2022-08)";
const AWS_MAP = "AWS Pricing Calculator map calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json";

/** The 2022 tiers: 10% off above 6 B GB-s (x86) / 7.5 B (arm64), 20% off above 15 B / 18.75 B. */
function tiers(arch: LambdaArch, tier1: number, tier2 = tier1 * 0.9, tier3 = tier1 * 0.8): LambdaTier[] {
  const [first, second] = arch === "x86_64" ? [6e9, 15e9] : [7.5e9, 18.75e9];
  return [
    { upToGbSeconds: first, usdPerGbSecond: tier1 },
    { upToGbSeconds: second, usdPerGbSecond: tier2 },
    { upToGbSeconds: null, usdPerGbSecond: tier3 },
  ];
}

function region(x86: number, arm: number, requests: number, pcX86: number, storage: number, pcDurationX86: number | undefined, published = false): LambdaRegionPrices {
  return {
    x86_64: {
      durationTiers: published ? tiers("x86_64", x86, 0.000015, 0.0000133334) : tiers("x86_64", x86),
      provisionedConcurrencyPerGbSecond: pcX86,
      ...(pcDurationX86 === undefined ? {} : { provisionedDurationPerGbSecond: pcDurationX86 }),
    },
    arm64: {
      durationTiers: published ? tiers("arm64", arm, 0.0000120001, 0.0000106667) : tiers("arm64", arm),
      // arm64 PC rates are 20% under x86 where published (us-east-1: 0.0000033334 and 0.0000077778).
      provisionedConcurrencyPerGbSecond: published ? 0.0000033334 : pcX86 * 0.8,
      ...(pcDurationX86 === undefined ? {} : { provisionedDurationPerGbSecond: published ? 0.0000077778 : pcDurationX86 * 0.8 }),
    },
    requestsPerMillion: requests,
    ephemeralStoragePerGbSecond: storage,
  };
}

const us = () => region(0.0000166667, 0.0000133334, 0.2, 0.0000041667, 0.0000000309, 0.0000097222, true);
/** Regions billed at the US duration and request rates; their Provisioned Concurrency and storage rates differ. */
const usRate = (pc: number, storage: number, pcDuration: number) => region(0.0000166667, 0.0000133334, 0.2, pc, storage, pcDuration);

/**
 * Commercial regions whose rates are in the calculator map as transcribed (the columns above). Missing, with no
 * sourced rates: ap-east-2, ap-south-2, ap-southeast-3, ap-southeast-6, ap-southeast-7, ca-west-1, eu-south-2,
 * il-central-1, me-central-1, mx-central-1 (add them with --prices).
 */
export const LAMBDA_REGIONS_MISSING = ["ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-south-2", "il-central-1", "me-central-1", "mx-central-1"] as const;


const CF_VERIFIED = "2026-12-05";
const perMillion = (label: string, usd: number, included: number, free: BindingMeter["free"]): BindingMeter => ({ label, unit: "operations", usd, per: 1e6, included, free });
const storage = (usd: number, included: number, free: BindingMeter["free"]): BindingMeter => ({ label: "stored data", unit: "GB-month", usd, per: 1, included, free });
const daily = (amount: number): BindingMeter["free"] => ({ amount, per: "day" });
/** R2 and Durable Objects bill whole units: a billable quantity is rounded up to the next million (or GB). */
const MILLION = { roundUpTo: 1e6 };
const WHOLE_GB = { roundUpTo: 1 };

/**
 * Binding rates, each from the product's own pricing page (Cloudflare docs; the figures also read in
 * the cloudflare-docs source the pages are built from), verified on 2026-12-05.
 */
const WORKERS_BINDINGS: Record<BindingKind, BindingPrices> = {
  kv: {
    name: "Workers KV",
    planIndependent: false,
    meters: {
      reads: perMillion("reads", 0.5, 10e6, daily(100_000)),
      writes: perMillion("writes", 5, 1e6, daily(1000)),
      deletes: perMillion("deletes", 5, 1e6, daily(1000)),
      lists: perMillion("lists", 5, 1e6, daily(1000)),
      storageGb: storage(0.5, 1, { amount: 1, per: "total" }),
    },
    source:
      "https://developers.cloudflare.com/kv/platform/pricing/ (Paid: 10M reads/month then $0.50/M; 1M writes, deletes and lists each then $5.00/M; 1 GB then $0.50/GB-month. Free: 100,000 reads and 1,000 writes, deletes, lists a day, 1 GB)",
    asOf: CF_VERIFIED,
  },
  d1: {
    name: "D1",
    planIndependent: false,
    meters: {
      rowsRead: { ...perMillion("rows read", 0.001, 25e9, daily(5e6)), unit: "rows" },
      rowsWritten: { ...perMillion("rows written", 1, 50e6, daily(100_000)), unit: "rows" },
      storageGb: storage(0.75, 5, { amount: 5, per: "total" }),
    },
    source:
      "https://developers.cloudflare.com/d1/platform/pricing/ (Paid: 25 billion rows read/month then $0.001/M; 50M rows written then $1.00/M; 5 GB then $0.75/GB-month. Free: 5M rows read and 100,000 written a day, 5 GB)",
    asOf: CF_VERIFIED,
  },
  r2: {
    name: "R2",
    planIndependent: true,
    meters: {
      classA: { ...perMillion("Class A operations", 4.5, 1e6, null), unit: "requests", ...MILLION },
      classB: { ...perMillion("Class B operations", 0.36, 10e6, null), unit: "requests", ...MILLION },
      storageGb: { ...storage(0.015, 10, null), ...WHOLE_GB },
      // Infrequent Access: no free tier; reads and copies also bill data retrieval; 30-day minimum storage duration.
      iaClassA: { ...perMillion("Infrequent Access Class A operations", 9, 0, null), unit: "requests", ...MILLION },
      iaClassB: { ...perMillion("Infrequent Access Class B operations", 0.9, 0, null), unit: "requests", ...MILLION },
      iaStorageGb: { ...storage(0.01, 0, null), label: "Infrequent Access stored data", ...WHOLE_GB },
      iaRetrievalGb: { label: "Infrequent Access data retrieval", unit: "GB", usd: 0.01, per: 1, included: 0, free: null, ...WHOLE_GB },
    },
    source:
      "https://developers.cloudflare.com/r2/pricing/ (Standard: $0.015/GB-month, Class A $4.50/M, Class B $0.36/M; free each month on every account, Standard only: 10 GB-month, 1M Class A, 10M Class B. Infrequent Access: $0.01/GB-month, Class A $9.00/M, Class B $0.90/M, data retrieval $0.01/GB, 30-day minimum storage duration, no free tier. Usage rounded up to the next billing unit: a million operations, a GB-month, a GB. No egress charge)",
    asOf: CF_VERIFIED,
  },
  queues: {
    name: "Queues",
    planIndependent: false,
    meters: { operations: perMillion("operations (64 KB each)", 0.4, 1e6, daily(10_000)) },
    source:
      "https://developers.cloudflare.com/queues/platform/pricing/ (Paid: 1M operations/month then $0.40/M; Free: 10,000 operations a day; an operation per 64 KB (1 KB = 1,000 bytes, about 100 bytes of metadata per message) written, read or deleted: 3 per delivered message, a read per retry, a write per message sent to a Dead Letter Queue, no read for a message that expires unread)",
    asOf: CF_VERIFIED,
  },
  "durable-objects": {
    name: "Durable Objects",
    planIndependent: false,
    meters: {
      requests: { ...perMillion("requests", 0.15, 1e6, daily(100_000)), unit: "requests", ...MILLION },
      gbSeconds: { label: "duration", unit: "GB-s", usd: 12.5, per: 1e6, included: 400_000, free: daily(13_000), ...MILLION },
      rowsRead: { ...perMillion("SQLite rows read", 0.001, 25e9, daily(5e6)), unit: "rows" },
      rowsWritten: { ...perMillion("SQLite rows written", 1, 50e6, daily(100_000)), unit: "rows" },
      storageGb: storage(0.2, 5, { amount: 5, per: "total" }),
    },
    source:
      "https://developers.cloudflare.com/durable-objects/platform/pricing/ (Paid: 1M requests/month then $0.15/M, incoming WebSocket messages billed 20:1 as requests; 400,000 GB-s then $12.50/M GB-s, 128 MB per object counted as 0.128 GB; billable requests and GB-s rounded up to the next million as in the page's four examples; SQLite storage billed since 2026-01-07: 25 billion rows read then $0.001/M, 50M rows written then $1.00/M, 5 GB-month then $0.20/GB-month. Free: 100,000 requests, 13,000 GB-s, 5M rows read, 100,000 rows written a day, 5 GB)",
    asOf: CF_VERIFIED,
  },
};

/** Incoming WebSocket messages to a Durable Object are billed as requests at this ratio (20 messages = 1 request). */
export const DURABLE_OBJECT_WEBSOCKET_RATIO = 20;
/** R2 Infrequent Access bills an object for at least this many days, even if deleted, moved or replaced sooner. */
export const R2_IA_MINIMUM_DAYS = 30;
/** Queues: an operation per this many bytes of a message (64 KB, 1 KB = 1,000 bytes), metadata included. */
export const QUEUES_CHUNK_BYTES = 64_000;
/** Queues: internal metadata per message, in bytes ("approximately 100"). */
export const QUEUES_METADATA_BYTES = 100;

/** Durable Objects are billed for 128 MB each while active, which Cloudflare's examples count as 0.128 GB. */
export const DURABLE_OBJECT_GB = 0.128;

export const DEFAULT_PRICES: PriceTable = {
  "aws-lambda": {
    source: AWS_PAGE,
    asOf: "2026-08",
    regionsSource: {
      source: `${AWS_MAP}, as transcribed in remotion-dev/remotion packages/lambda-client/src/price-per-1s.ts (commit 024b341; me-south-1's Provisioned Concurrency duration from commit 984974a); tiers 2-3 outside US regions and arm64 Provisioned Concurrency outside us-east-1 derived with the published 10%/20% and arm64 discounts`,
      asOf: "2026-08",
    },
    // x86 duration, arm64 duration, requests per million, PC x86, ephemeral storage, PC duration x86.
    regions: {
      "us-east-1": us(),
      "us-east-2": us(),
      "us-west-2": us(),
      "us-west-1": usRate(0.0000049041, 0.000000037, 0.000011443),
      "ca-central-1": usRate(0.000004646, 0.000000034, 0.0000108407),
      "sa-east-1": usRate(0.0000066372, 0.0000000586, 0.0000154867),
      "eu-west-1": usRate(0.000004646, 0.000000034, 0.0000108407),
      "eu-west-2": usRate(0.0000048304, 0.0000000358, 0.0000112709),
      "eu-west-3": usRate(0.0000048673, 0.0000000358, 0.0000113569),
      "eu-central-1": usRate(0.0000050147, 0.0000000367, 0.0000117011),
      "eu-north-1": usRate(0.0000044248, 0.0000000323, 0.0000103245),
      "eu-central-2": region(0.0000183334, 0.0000146667, 0.22, 0.0000055162, 0.0000000441, 0.0000128712),
      "eu-south-1": region(0.0000195172, 0.0000156138, 0.23, 0.0000048783, 0.0000000357, 0.0000113827),
      // PC duration for me-south-1 from the same file at remotion-dev/remotion commit 984974a (Lambda Duration-Provisioned), read 2026-12-05.
      "me-south-1": region(0.0000206667, 0.0000165334, 0.25, 0.0000051108, 0.0000000374, 0.0000119251),
      "af-south-1": region(0.0000221, 0.00001768, 0.27, 0.00000553, 0.0000000404, 0.0000129),
      "ap-east-1": region(0.00002292, 0.0000183, 0.28, 0.0000057153, 0.0000000407, 0.0000133358),
      "ap-south-1": usRate(0.0000044985, 0.0000000352, 0.0000104966),
      "ap-northeast-1": usRate(0.0000053835, 0.000000037, 0.0000125615),
      "ap-northeast-2": usRate(0.0000051254, 0.0000000352, 0.0000119592),
      "ap-northeast-3": usRate(0.0000053835, 0.000000037, 0.0000125615),
      "ap-southeast-1": usRate(0.0000051991, 0.000000037, 0.0000121313),
      "ap-southeast-2": usRate(0.000005236, 0.000000037, 0.0000122173),
      "ap-southeast-4": usRate(0.000005236, 0.000000037, 0.0000122173),
      "ap-southeast-5": region(0.000015, 0.000012, 0.18, 0.0000046791, 0.0000000333, 0.0000109181),
    },
    freeTier: {
      requests: 1_000_000,
      gbSeconds: 400_000,
      source: "How AWS Pricing Works - Lambda (docs.aws.amazon.com whitepaper): monthly, does not expire",
      asOf: "2025-05",
    },
    initBilling: {
      billedFrom: "2025-08-01",
      maxInitMs: 10_000,
      source: "AWS Compute Blog, AWS Lambda standardizes billing for INIT phase",
      asOf: "2025-08-01",
    },
    ephemeralStorage: { freeMb: 512, source: AWS_MAP, asOf: "2026-08" },
    memory: { minMb: awsLambda.limits.memoryMb.min, maxMb: awsLambda.limits.memoryMb.max, mbPerVcpu: 1769, source: awsLambda.limits.memoryMb.source, asOf: awsLambda.limits.memoryMb.asOf },
    month: { hours: 730, source: "AWS Pricing Calculator convention: 730 hours per month (https://calculator.aws)", asOf: "2026-08" },
    apiGateway: {
      httpApiPerMillion: [
        { upTo: 300e6, usd: 1.0 },
        { upTo: null, usd: 0.9 },
      ],
      restApiPerMillion: [
        { upTo: 333e6, usd: 3.5 },
        { upTo: 1e9, usd: 2.8 },
        { upTo: 20e9, usd: 2.38 },
        { upTo: null, usd: 1.51 },
      ],
      freeTierNote:
        "API Gateway's free tier (1M HTTP API calls, 1M REST API calls, and 1M WebSocket messages with 750,000 connection minutes a month) is for new accounts' first 12 months only, so it is not applied.",
      webSocket: {
        messagesPerMillion: [
          { upTo: 1e9, usd: 1.0 },
          { upTo: null, usd: 0.8 },
        ],
        connectionMinutesPerMillion: 0.25,
        messageKb: 32,
        source:
          "https://aws.amazon.com/api-gateway/pricing/ (WebSocket APIs, us-east-1: messages $1.00 per million for the first 1 billion a month, $0.80 per million above; connection minutes $0.25 per million; messages metered in 32 KB increments; free tier 1M messages and 750,000 connection minutes a month for new accounts' first 12 months). The $1.00 and $0.25 rates and the free tier read in the page's stored copies; the 1-billion tier as the AWS Price List API lists it (AmazonApiGateway, USE1-ApiGatewayMessage and USE1-ApiGatewayMinute), read 2026-12-06",
        asOf: "2026-12-06",
      },
      source:
        "https://aws.amazon.com/api-gateway/pricing/ (us-east-1; tiers as listed in AWS whitepaper Best Practices for Designing Amazon API Gateway Private APIs, Cost optimization, https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html)",
      asOf: "2026-08",
    },
    xray: {
      tracesRecordedPerMillion: 5,
      freeTracesPerMonth: 100_000,
      reservoirPerSecond: 1,
      fixedRate: 0.05,
      source:
        "https://aws.amazon.com/xray/pricing/ (traces recorded $5.00 per million, first 100,000 a month free, always-free tier); default sampling rule, first request each second and 5% of the rest: https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html",
      asOf: "2026-08",
    },
    alb: {
      perHour: 0.0225,
      perLcuHour: 0.008,
      lcu: { newConnectionsPerSecond: 25, activeConnectionsPerMinute: 3000, lambdaGbPerHour: 0.4, ruleEvaluationsPerSecond: 1000 },
      freeTierNote: "Elastic Load Balancing's free tier is for new accounts' first 12 months only, so it is not applied.",
      source:
        "https://aws.amazon.com/elasticloadbalancing/pricing/ (Application Load Balancer, us-east-1: $0.0225 per ALB-hour and $0.008 per LCU-hour, or partial hour; an LCU holds 25 new connections a second, 3,000 active connections a minute, 1 GB an hour for EC2, container and IP targets or 0.4 GB an hour for Lambda targets, and 1,000 rule evaluations a second; the hour is billed on the dimension with the highest use), read 2026-12-06 from a transcription of the page dated 2026-09-20 and the ELB FAQ",
      asOf: "2026-12-06",
    },
    logs: {
      // Lambda's own logs ("vended logs") are tiered by the account's monthly volume since 2025-05-01; 1 TB = 1,024 GB.
      ingestionPerGb: [
        { upTo: 10 * 1024, usd: 0.5 },
        { upTo: 30 * 1024, usd: 0.25 },
        { upTo: 50 * 1024, usd: 0.1 },
        { upTo: null, usd: 0.05 },
      ],
      freeGbPerMonth: 5,
      source:
        "Lambda logs in CloudWatch Logs, Standard class, us-east-1, tiered since 2025-05-01: $0.50 per GB for the first 10 TB a month, $0.25 for the next 20 TB, $0.10 for the next 20 TB, $0.05 above 50 TB, as announced in AWS Compute Blog, AWS Lambda introduces tiered pricing for Amazon CloudWatch logs and additional logging destinations (https://aws.amazon.com/blogs/compute/aws-lambda-introduces-tiered-pricing-for-amazon-cloudwatch-logs-and-additional-logging-destinations/, 2025-05-01) and listed under Vended Logs on https://aws.amazon.com/cloudwatch/pricing/. Those pages were not in the stored copies read on 2026-12-06; the rates agree exactly with Duckbill Group's worked example of the change (60 TB a month: $12,500 instead of $30,000 at the old flat $0.50; https://www.duckbillgroup.com/?p=9080, 2025-05), which counts 1 TB as 1,000 GB where the table counts 1,024 GB as CloudWatch bills GB; 5 GB a month of ingestion free (AWS billing line: First 5GB per month of log data ingested is free)",
      asOf: "2025-05-01",
    },
    dataTransferOut: {
      // 1 TB = 1,024 GB, as AWS bills data transfer in GB of 2^30 bytes.
      perGb: [
        { upTo: 10 * 1024, usd: 0.09 },
        { upTo: 50 * 1024, usd: 0.085 },
        { upTo: 150 * 1024, usd: 0.07 },
        { upTo: null, usd: 0.05 },
      ],
      freeGbPerMonth: 100,
      source:
        "Data transfer out to the internet, us-east-1: $0.09 per GB for the first 10 TB a month, $0.085 for the next 40 TB, $0.07 for the next 100 TB, $0.05 above 150 TB (the Data Transfer section of https://aws.amazon.com/ec2/pricing/on-demand/, which the Lambda and API Gateway pricing pages refer to; that page renders its rates from a price API not reachable here, so the first tier is taken from an AWS bill line quoted on AWS re:Post, \"$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier\", https://repost.aws/questions/QUAT1NfOeZSAK5z8KXXO9jgA, and the lower tiers from wring.co's AWS data transfer pricing guide (2026), read 2026-12-06). 100 GB a month free across every service and region of the account (same re:Post answer; AWS News Blog, AWS Free Tier Data Transfer Expansion, 2021-11-24); tiers count the account's transfer from EC2, S3, load balancers and other services too (https://aws.amazon.com/about-aws/global-infrastructure/global-network/faqs, read 2026-12-06)",
      asOf: "2026-12-06",
    },
  },
  vercel: {
    // All 20 function regions. The page's own worked example (gru1, 4 GB, 4 s CPU, 10 s alive = $0.0004489) is a known-answer test.
    source:
      "https://vercel.com/docs/functions/usage-and-pricing (Fluid compute pricing: Active CPU, provisioned memory, invocations; regional table of the page as updated 2026-04-03, read 2026-12-05 from a snapshot of the page's Markdown, the live page not being reachable from here)",
    asOf: "2026-04-03",
    regions: {
      iad1: { cpuPerHour: 0.128, memoryPerGbHour: 0.0106 },
      cle1: { cpuPerHour: 0.128, memoryPerGbHour: 0.0106 },
      pdx1: { cpuPerHour: 0.128, memoryPerGbHour: 0.0106 },
      sfo1: { cpuPerHour: 0.177, memoryPerGbHour: 0.0147 },
      yul1: { cpuPerHour: 0.147, memoryPerGbHour: 0.0122 },
      gru1: { cpuPerHour: 0.221, memoryPerGbHour: 0.0183 },
      dub1: { cpuPerHour: 0.168, memoryPerGbHour: 0.0139 },
      lhr1: { cpuPerHour: 0.177, memoryPerGbHour: 0.0146 },
      cdg1: { cpuPerHour: 0.177, memoryPerGbHour: 0.0146 },
      fra1: { cpuPerHour: 0.184, memoryPerGbHour: 0.0152 },
      arn1: { cpuPerHour: 0.16, memoryPerGbHour: 0.0133 },
      dxb1: { cpuPerHour: 0.185, memoryPerGbHour: 0.0153 },
      cpt1: { cpuPerHour: 0.2, memoryPerGbHour: 0.0166 },
      bom1: { cpuPerHour: 0.14, memoryPerGbHour: 0.0116 },
      sin1: { cpuPerHour: 0.16, memoryPerGbHour: 0.0133 },
      hkg1: { cpuPerHour: 0.176, memoryPerGbHour: 0.0146 },
      icn1: { cpuPerHour: 0.169, memoryPerGbHour: 0.014 },
      hnd1: { cpuPerHour: 0.202, memoryPerGbHour: 0.0167 },
      kix1: { cpuPerHour: 0.202, memoryPerGbHour: 0.0167 },
      syd1: { cpuPerHour: 0.18, memoryPerGbHour: 0.0149 },
    },
    invocationsPerMillion: 0.6,
    plans: {
      hobby: {
        includedCpuHours: 4,
        includedGbHours: 360,
        includedInvocations: 1_000_000,
        creditUsd: 0,
        seatUsd: 0,
        note: "Hobby is free and non-commercial; it has no overage: past the inclusions the project may be paused.",
        source: "Vercel docs, Fluid compute pricing",
        asOf: "2025-06-25",
      },
      pro: {
        includedCpuHours: 0,
        includedGbHours: 0,
        includedInvocations: 0,
        creditUsd: 20,
        seatUsd: 20,
        note: "Pro: $20 per seat per month, which includes a $20 monthly usage credit across resources (credit-based billing); one seat is counted.",
        source: "https://vercel.com/docs/plans/pro-plan",
        asOf: "2026-08",
      },
      "pro-legacy": {
        includedCpuHours: 16,
        includedGbHours: 1440,
        includedInvocations: 1_000_000,
        creditUsd: 0,
        seatUsd: 20,
        note: "Pro (2025 inclusions): $20 per seat per month with 16 h Active CPU, 1,440 GB-h, 1M invocations included; one seat is counted.",
        source: "Vercel docs, Fluid compute pricing",
        asOf: "2025-06-25",
      },
    },
    cdnRegions: {
      // Pro only ("This pricing is available only to Pro plan users"); Fast Origin Transfer has no inclusion on the page.
      cle1: {
        edgeRequestsPerMillion: 2,
        fastDataTransferPerGb: 0.15,
        fastOriginTransferPerGb: 0.06,
        included: {
          pro: { edgeRequests: 10_000_000, fastDataTransferGb: 1000, fastOriginTransferGb: 0 },
          "pro-legacy": { edgeRequests: 10_000_000, fastDataTransferGb: 1000, fastOriginTransferGb: 0 },
        },
        source:
          "https://vercel.com/docs/pricing/regional-pricing/cle1 (page updated 2026-02-13, read 2026-12-05 from a snapshot of the page's Markdown fetched 2026-06-15: Fast Data Transfer first 1 TB included, then $0.15/GB; Edge Requests first 10,000,000 included, then $2.00/M; Fast Origin Transfer $0.06/GB; Pro plan only)",
        asOf: "2026-02-13",
      },
    },
    limits: { hobbyMaxMemoryMb: vercel.limits.memoryMb.hobbyMax, proMaxMemoryMb: vercel.limits.memoryMb.max, source: vercel.limits.memoryMb.source, asOf: vercel.limits.memoryMb.asOf },
  },
  "cloudflare-workers": {
    source: "https://developers.cloudflare.com/workers/platform/pricing/ (Standard usage model)",
    asOf: "2026-08",
    paid: { baseUsd: 5, includedRequests: 10_000_000, requestsPerMillion: 0.3, includedCpuMs: 30_000_000, cpuMsPerMillion: 0.02 },
    free: { requestsPerDay: 100_000, cpuMsPerInvocation: 10 },
    limits: {
      memoryMb: cloudflareWorkers.limits.fixedMemoryMb.mb,
      defaultCpuMs: cloudflareWorkers.limits.cpuMs.default,
      maxCpuMs: cloudflareWorkers.limits.cpuMs.max,
      source: cloudflareWorkers.limits.cpuMs.source,
      asOf: cloudflareWorkers.limits.cpuMs.asOf,
    },
    bindings: WORKERS_BINDINGS,
  },
};

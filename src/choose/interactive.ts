import * as p from "@clack/prompts";
import { promptStreams, type PromptStreams as Streams } from "../cli/prompt-streams.js";
import { colors, type Io } from "../cli/ui.js";
import { CancelError } from "../errors.js";
import { countOf } from "../cli/parse.js";
import { DATABASES, decide, needsVolume, type Answers, type Database, type Decision, type Latency, type Workload } from "./decide.js";
import { DEFAULT_MONTHLY_INVOCATIONS } from "./volume.js";
import type { PartialAnswers } from "./defaults.js";
import { handOffFor } from "./available.js";
import type { HandOff } from "./handoff.js";
import { renderDecision } from "./render.js";

/** Ctrl-C, Escape or Ctrl-D: say "Cancelled." here, once; the empty CancelError only sets exit 130. */
function guard<T>(value: T, s: Streams): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    p.cancel("Cancelled.", s);
    throw new CancelError("");
  }
  return value as Exclude<T, symbol>;
}

const WORKLOAD_OPTIONS: Array<{ value: Workload; label: string; hint?: string }> = [
  { value: "api", label: "HTTP API", hint: "CRUD routes, form handling" },
  { value: "webhook", label: "Webhook handler" },
  { value: "cron", label: "Scheduled job (cron)" },
  { value: "middleware", label: "Middleware", hint: "auth checks, redirects, A/B tests, geolocation" },
  { value: "streaming", label: "Streaming responses", hint: "AI output, server-sent events" },
  { value: "websocket", label: "WebSockets", hint: "chat, live updates" },
  { value: "background-job", label: "Background job", hint: "queue consumers, batch work" },
  { value: "cpu-heavy", label: "CPU-heavy work", hint: "video, image or ML processing" },
  { value: "file-processing", label: "File processing", hint: "uploads, resizing, parsing" },
];

const DB_LABEL: Record<Database, string> = {
  none: "None",
  postgres: "Postgres over TCP",
  mysql: "MySQL over TCP",
  "http-driver": "HTTP driver (Neon serverless, PlanetScale, Turso)",
  kv: "Key-value store (KV, Redis over HTTP, DynamoDB)",
};

/** "90", "90s", "15m", "2h" -> seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?\s*$/i.exec(text);
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "s").toLowerCase();
  return unit.startsWith("h") ? n * 3600 : unit.startsWith("m") ? n * 60 : n;
}

/** Asks only what `preset` leaves open, checking for cancel after every prompt. */
export async function askAnswers(io: Io, preset: PartialAnswers = {}): Promise<Answers> {
  const s = promptStreams(io);
  const workload =
    preset.workload ?? guard(await p.select<Workload>({ message: "What will the code do?", options: WORKLOAD_OPTIONS, ...s }), s);
  const maxDurationSeconds =
    preset.maxDurationSeconds ??
    parseDuration(
      guard(
        await p.text({
          message: "Longest run time of one invocation? (e.g. 10s, 5m, 1h)",
          placeholder: "10s",
          defaultValue: "10s",
          validate: (v) => (v === undefined || v === "" || parseDuration(v) !== undefined ? undefined : "Enter a duration such as 30, 30s, 5m or 2h."),
          ...s,
        }),
        s,
      ),
    ) ??
    10;
  const nodeApis =
    preset.nodeApis ??
    guard(
      await p.confirm({
        message: "Does it use Node.js built-in APIs (fs, net, crypto, streams, or npm packages that do)?",
        initialValue: workload !== "middleware",
        ...s,
      }),
      s,
    );
  const nativeModules =
    preset.nativeModules ??
    guard(
      await p.confirm({
        message: "Does it need native modules (compiled addons such as sharp, canvas or better-sqlite3)?",
        initialValue: workload === "cpu-heavy" || workload === "file-processing",
        ...s,
      }),
      s,
    );
  const db =
    preset.db ??
    guard(
      await p.select<Database>({
        message: "Which database access does it need?",
        options: DATABASES.map((value) => ({ value, label: DB_LABEL[value] })),
        ...s,
      }),
      s,
    );
  const latency =
    preset.latency ??
    guard(
      await p.select<Latency>({
        message: "How latency-sensitive is it?",
        options: [
          { value: "normal", label: "Normal", hint: "50-200 ms from one region is fine" },
          { value: "critical", label: "Critical", hint: "every request, every user, worldwide" },
        ],
        initialValue: workload === "middleware" ? "critical" : "normal",
        ...s,
      }),
      s,
    );
  const answers: Answers = { workload, maxDurationSeconds, nodeApis, nativeModules, db, latency };
  if (preset.monthlyInvocations !== undefined) {
    answers.monthlyInvocations = preset.monthlyInvocations;
  } else if (needsVolume(answers)) {
    const text = guard(
      await p.text({
        message: "How many runs a month? (e.g. 10k, 100k, 2M; here it decides between serverless and a server)",
        placeholder: String(DEFAULT_MONTHLY_INVOCATIONS),
        defaultValue: String(DEFAULT_MONTHLY_INVOCATIONS),
        validate: (v) => (v === undefined || v === "" || countOf(v) !== undefined ? undefined : "Enter a count such as 5000, 100k or 2M."),
        ...s,
      }),
      s,
    );
    answers.monthlyInvocations = countOf(text) ?? DEFAULT_MONTHLY_INVOCATIONS;
  }
  return answers;
}

export function showDecision(io: Io, decision: Decision, handOff: HandOff | null): void {
  p.note(renderDecision(decision, [], colors(io), handOff ?? undefined), "coldstart choose", { ...promptStreams(io), format: (line: string) => line });
}

/**
 * The flow `create` runs when the user picks "Help me choose": asks, shows the recommendation with its
 * reasons, and returns the hand-off (null for a traditional server). Throws CancelError on Ctrl-C.
 */
export async function chooseInteractively(io: Io): Promise<HandOff | null> {
  const decision = decide(await askAnswers(io));
  const handOff = handOffFor(decision);
  showDecision(io, decision, handOff);
  return handOff;
}

export async function confirmCreate(io: Io, handOff: HandOff): Promise<boolean> {
  const s = promptStreams(io);
  return guard(await p.confirm({ message: `Scaffold a ${handOff.target} project from the ${handOff.template} template now with coldstart create?`, initialValue: true, ...s }), s);
}

export { p as prompts, promptStreams as streams };

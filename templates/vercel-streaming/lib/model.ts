/**
 * The model API: an endpoint that speaks OpenAI's chat completions protocol with `stream: true`
 * (https://platform.openai.com/docs/api-reference/chat-streaming, read 2026-12-05), which many
 * providers, gateways and local servers accept. Nothing here holds a key: it comes from the
 * environment on every request, so a key set or rotated in the project settings applies at once.
 */
export const DEFAULT_MODEL_API_URL = "https://api.openai.com/v1/chat/completions";
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

export interface ModelConfig {
  url: string;
  apiKey: string;
  model: string;
  /** The whole answer must be done by then. */
  timeoutMs: number;
  /** The longest the model may go without sending anything. */
  idleTimeoutMs: number;
}

export type ConfigResult = { ok: true; config: ModelConfig } | { ok: false; missing: string[] };

/**
 * The model settings from the environment. The overall deadline stays 5 s under the route's
 * `maxDuration`, so a slow answer ends with an error event the client can show instead of being
 * cut off by the platform mid-sentence.
 */
export function modelConfig(maxDurationS: number, env: Readonly<Record<string, string | undefined>> = process.env): ConfigResult {
  const missing = (["MODEL_API_KEY", "MODEL"] as const).filter((name) => !env[name]);
  if (missing.length > 0) return { ok: false, missing };
  const ceiling = Math.max(1_000, (maxDurationS - 5) * 1_000);
  const wanted = positive(env.MODEL_TIMEOUT_MS) ?? ceiling;
  return {
    ok: true,
    config: {
      url: env.MODEL_API_URL || DEFAULT_MODEL_API_URL,
      apiKey: env.MODEL_API_KEY!,
      model: env.MODEL!,
      timeoutMs: Math.min(wanted, ceiling),
      idleTimeoutMs: Math.min(positive(env.MODEL_IDLE_TIMEOUT_MS) ?? DEFAULT_IDLE_TIMEOUT_MS, ceiling),
    },
  };
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
}

const ROLES = new Set(["system", "user", "assistant"]);
const MAX_MESSAGES = 100;
const MAX_CONTENT = 32_000;

/**
 * Checks `{ messages: [{ role, content }] }`, written out by hand rather than with a schema library:
 * this route's bundle stays small, and it loads on every cold start before the first token.
 */
export function parseChatRequest(json: unknown): { ok: true; value: ChatRequest } | { ok: false; message: string } {
  const fail = (message: string) => ({ ok: false as const, message });
  if (!isObject(json) || !Array.isArray(json.messages)) return fail("messages: expected an array of { role, content }");
  const extra = Object.keys(json).find((key) => key !== "messages");
  if (extra !== undefined) return fail(`${extra}: unexpected field`);
  if (json.messages.length === 0 || json.messages.length > MAX_MESSAGES) return fail(`messages: expected 1 to ${MAX_MESSAGES} messages`);
  const messages: ChatMessage[] = [];
  for (const [i, message] of json.messages.entries()) {
    if (!isObject(message)) return fail(`messages.${i}: expected { role, content }`);
    if (typeof message.role !== "string" || !ROLES.has(message.role)) return fail(`messages.${i}.role: expected "system", "user" or "assistant"`);
    if (typeof message.content !== "string" || message.content.length === 0 || message.content.length > MAX_CONTENT) {
      return fail(`messages.${i}.content: expected text of 1 to ${MAX_CONTENT} characters`);
    }
    messages.push({ role: message.role as ChatMessage["role"], content: message.content });
  }
  return { ok: true, value: { messages } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What one event of the model's stream carries. */
export type ModelEvent = { kind: "text"; text: string } | { kind: "finish"; reason: string } | { kind: "done" } | { kind: "error"; message: string } | { kind: "other" };

/** Reads one `data:` payload of the model's stream (`{ choices: [{ delta: { content }, finish_reason }] }`). */
export function parseModelEvent(data: string): ModelEvent {
  if (data.trim() === "[DONE]") return { kind: "done" };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: "error", message: "the model sent an event that is not JSON" };
  }
  if (!isObject(json)) return { kind: "other" };
  if (isObject(json.error)) return { kind: "error", message: typeof json.error.message === "string" ? json.error.message : "the model reported an error" };
  const choice = Array.isArray(json.choices) && isObject(json.choices[0]) ? json.choices[0] : undefined;
  const content = isObject(choice?.delta) ? choice.delta.content : undefined;
  if (typeof content === "string" && content !== "") return { kind: "text", text: content };
  if (typeof choice?.finish_reason === "string") return { kind: "finish", reason: choice.finish_reason };
  return { kind: "other" };
}

/** Starts the model's answer; resolves with its response once the headers are in. */
export function callModel(config: ModelConfig, body: ChatRequest, signal: AbortSignal): Promise<Response> {
  return fetch(config.url, {
    method: "POST",
    headers: { authorization: `Bearer ${config.apiKey}`, "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ model: config.model, messages: body.messages, stream: true }),
    signal,
  });
}

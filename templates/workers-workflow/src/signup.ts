/** What the API passes to the Workflow: its event payload, stored with the instance. */
export interface Signup {
  email: string;
  name: string;
  requestId: string;
}

const KEY = /^[A-Za-z0-9_-]{8,64}$/;
// Deliberately loose: the email API is the judge of deliverability; this catches obvious mistakes.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** Instance ids are derived from the client's key, so the same key always names the same instance. */
export const instanceId = (key: string) => `signup-${key}`;
export const isInstanceId = (id: string) => id.startsWith("signup-") && KEY.test(id.slice("signup-".length));

export function idempotencyKey(request: Request): string | { problem: string } {
  const key = request.headers.get("idempotency-key");
  if (key === null) return { problem: "an Idempotency-Key header is required: the same key for every retry of one signup" };
  return KEY.test(key) ? key : { problem: "Idempotency-Key: 8-64 letters, digits, '-' or '_'" };
}

/** The signup in a request body, or the list of what is wrong with it. */
export function parseSignup(body: unknown): { email: string; name: string } | { problems: string[] } {
  const input = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof input.email !== "string" || !EMAIL.test(input.email)) problems.push("email: an email address");
  if (typeof input.name !== "string" || input.name.trim() === "" || input.name.length > 100) problems.push("name: 1-100 characters");
  if (problems.length > 0) return { problems };
  return { email: (input.email as string).toLowerCase(), name: (input.name as string).trim() };
}

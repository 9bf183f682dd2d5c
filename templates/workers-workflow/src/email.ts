import { NonRetryableError } from "cloudflare:workflows";
import { log } from "./log";

declare global {
  // A secret, so not in wrangler.jsonc: `npx wrangler secret put EMAIL_API_KEY`, or .dev.vars locally.
  interface Env {
    EMAIL_API_KEY?: string;
  }
}

export interface Email {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends one email through the API at EMAIL_API_URL. The idempotency key is the same on every retry of a
 * step, so an API that honours it sends the email once even when an attempt timed out after it was sent.
 * A refusal that retrying cannot fix (a 4xx other than 408 and 429) fails the Workflow at once.
 */
export async function sendEmail(env: Env, email: Email, idempotencyKey: string): Promise<{ messageId: string }> {
  const url: string = env.EMAIL_API_URL;
  if (url === "") {
    log("info", "email not sent: EMAIL_API_URL is empty (dry run)", { idempotencyKey, subject: email.subject });
    return { messageId: `dry-run:${idempotencyKey}` };
  }
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": idempotencyKey,
      ...(env.EMAIL_API_KEY ? { authorization: `Bearer ${env.EMAIL_API_KEY}` } : {}),
    },
    body: JSON.stringify({ from: env.EMAIL_FROM, ...email }),
    // Covers the whole exchange, body included: a hung API fails this attempt, and the step retries.
    signal: AbortSignal.timeout(Number(env.EMAIL_TIMEOUT_MS)),
  });
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    const reason = `the email API refused the message (${response.status})`;
    // The instance's status only says a step failed for good: the reason is in this line.
    log("error", reason, { idempotencyKey, response: (await response.text()).slice(0, 500) });
    throw new NonRetryableError(reason);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`the email API answered ${response.status}`);
  }
  const body = await response.json<{ id?: unknown }>();
  return { messageId: typeof body.id === "string" ? body.id : idempotencyKey };
}

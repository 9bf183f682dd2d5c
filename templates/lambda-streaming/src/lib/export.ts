import { fetchPage, type Page } from "./orders-api.js";

export interface ExportOptions {
  ordersApiUrl: string;
  since: string;
  /** Where to start: a cursor from the last line of an earlier, unfinished export. */
  cursor: string | null;
  pageTimeoutMs: number;
  /** Milliseconds left before the function times out (context.getRemainingTimeInMillis). */
  remainingMs: () => number;
  /** Stop asking for pages when less than this is left, so the stream ends cleanly with a cursor. */
  marginMs: number;
}

/** `?since=YYYY-MM-DD[&cursor=...]`, checked; the error says what is wrong. */
export function parseExportQuery(query: Record<string, string | undefined> | undefined): { since: string; cursor: string | null } | { error: string } {
  const since = query?.since;
  if (since === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(since))) {
    return { error: "since: a date such as 2026-11-01 is required (?since=YYYY-MM-DD)" };
  }
  return { since, cursor: query?.cursor ?? null };
}

/**
 * The export as NDJSON lines, one order each, fetched page by page and yielded as soon as a page
 * arrives. It always ends with a summary line: `{"done":true,...}`, or `{"done":false,"next":...}` with
 * the cursor to resume from when the time left ran short or the API failed midway (the status code is
 * already sent by then, so the failure can only be said in the body).
 */
export async function* exportLines(first: Page, options: ExportOptions): AsyncGenerator<string> {
  let page = first;
  let count = 0;
  for (;;) {
    if (page.orders.length > 0) yield page.orders.map((order) => `${JSON.stringify(order)}\n`).join("");
    count += page.orders.length;
    if (page.nextCursor === null) {
      yield `${JSON.stringify({ done: true, count })}\n`;
      return;
    }
    if (options.remainingMs() < options.marginMs + options.pageTimeoutMs) {
      yield `${JSON.stringify({ done: false, count, next: page.nextCursor, reason: "the function is close to its timeout" })}\n`;
      return;
    }
    try {
      page = await fetchPage(options.ordersApiUrl, options.since, page.nextCursor, options.pageTimeoutMs);
    } catch (error) {
      yield `${JSON.stringify({ done: false, count, next: page.nextCursor, reason: (error as Error).message })}\n`;
      return;
    }
  }
}

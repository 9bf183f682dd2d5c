import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeOrdersApi {
  url: string;
  /** Pages served so far: the cursor each was asked for (null for the first). */
  requests: Array<string | null>;
  pages: number;
  /** How the requests for pages after the first are answered (the first is always served). */
  laterPages: "ok" | "error" | "hang";
  /** Holds the answer for `page` (0-based) until `release()` has been called, before or after it was asked for. */
  hold(page: number): void;
  release(): void;
  /** Back to three pages, all answered at once, none asked for yet. */
  reset(): void;
  close(): Promise<void>;
}

const PER_PAGE = 4;

/** A local orders API: `pages` pages of four orders, the cursor being the next page's number. */
export async function startFakeOrdersApi(): Promise<FakeOrdersApi> {
  let held: number | undefined;
  let released = false;
  let wake: () => void = () => undefined;
  const state = { requests: [] as Array<string | null>, pages: 3, laterPages: "ok" as FakeOrdersApi["laterPages"] };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const cursor = url.searchParams.get("cursor");
    state.requests.push(cursor);
    const page = Number(cursor ?? 0);
    if (page > 0 && state.laterPages === "hang") return;
    if (page === held && !released) await new Promise<void>((resolve) => (wake = resolve));
    response.setHeader("content-type", "application/json");
    if (page > 0 && state.laterPages === "error") {
      response.statusCode = 503;
      response.end(JSON.stringify({ error: "unavailable" }));
      return;
    }
    const orders = Array.from({ length: PER_PAGE }, (_, i) => {
      const n = page * PER_PAGE + i + 1;
      return { orderId: `ord_${n}`, customerId: "cust_1042", status: "shipped", totalCents: 1000 + n, placedAt: "2026-11-02T10:00:00Z" };
    });
    response.end(JSON.stringify({ orders, nextCursor: page + 1 < state.pages ? String(page + 1) : null }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/orders`,
    hold(page: number) {
      held = page;
      released = false;
    },
    release() {
      released = true;
      wake();
    },
    reset() {
      state.requests.length = 0;
      state.pages = 3;
      state.laterPages = "ok" as const;
      held = undefined;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

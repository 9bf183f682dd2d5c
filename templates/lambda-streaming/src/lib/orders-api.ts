export interface Order {
  orderId: string;
  customerId: string;
  status: string;
  totalCents: number;
  placedAt: string;
}

export interface Page {
  orders: Order[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of orders placed since `since` from the orders API. Each request is capped, so a hung API
 * ends the stream with an error line instead of holding it until the function times out.
 */
export async function fetchPage(baseUrl: string, since: string, cursor: string | null, timeoutMs: number): Promise<Page> {
  const url = new URL(baseUrl);
  url.searchParams.set("since", since);
  if (cursor !== null) url.searchParams.set("cursor", cursor);
  const response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`the orders API answered ${response.status}`);
  const body = (await response.json()) as Partial<Page>;
  if (!Array.isArray(body.orders) || (body.nextCursor !== null && typeof body.nextCursor !== "string")) {
    throw new Error("the orders API returned no orders/nextCursor");
  }
  return { orders: body.orders, nextCursor: body.nextCursor };
}

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeInvoicing {
  url: string;
  /** Every invoice requested, in order. */
  requests: Array<{ idempotencyKey: string; orderId: string; totalCents: number }>;
  /** How the next requests are answered: normally, with an error status, or never. */
  mode: "ok" | "error" | "hang";
  close(): Promise<void>;
}

/** A local invoicing service: answers each invoice request with an invoice id. */
export async function startFakeInvoicing(): Promise<FakeInvoicing> {
  const fake: Omit<FakeInvoicing, "url" | "close"> = { requests: [], mode: "ok" };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { orderId: string; totalCents: number };
    if (fake.mode === "hang") return;
    fake.requests.push({ idempotencyKey: String(request.headers["idempotency-key"]), orderId: body.orderId, totalCents: body.totalCents });
    response.setHeader("content-type", "application/json");
    if (fake.mode === "error") {
      response.statusCode = 503;
      response.end(JSON.stringify({ error: "unavailable" }));
      return;
    }
    response.end(JSON.stringify({ invoiceId: `inv_${body.orderId}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/invoices`,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

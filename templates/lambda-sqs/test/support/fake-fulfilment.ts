import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeFulfilment {
  url: string;
  /** Every shipment requested, in order. */
  requests: Array<{ idempotencyKey: string; orderId: string }>;
  /** How the next requests are answered: normally, with an error status, or never. */
  mode: "ok" | "error" | "hang";
  close(): Promise<void>;
}

/** A local fulfilment service: answers each shipment request with a shipment id. */
export async function startFakeFulfilment(): Promise<FakeFulfilment> {
  const fake: Omit<FakeFulfilment, "url" | "close"> = { requests: [], mode: "ok" };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { orderId: string };
    if (fake.mode === "hang") return;
    fake.requests.push({ idempotencyKey: String(request.headers["idempotency-key"]), orderId: body.orderId });
    response.setHeader("content-type", "application/json");
    if (fake.mode === "error") {
      response.statusCode = 503;
      response.end(JSON.stringify({ error: "unavailable" }));
      return;
    }
    response.end(JSON.stringify({ shipmentId: `shp_${body.orderId}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/shipments`,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

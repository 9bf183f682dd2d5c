import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentMessage {
  queueUrl: string;
  body: string;
}

export interface FakeSqs {
  /** Base URL for AWS_ENDPOINT_URL_SQS. */
  endpoint: string;
  queueUrl: string;
  sent: SentMessage[];
  /** Answer every SendMessage with this SQS error until called with undefined. */
  failWith(errorType: string | undefined): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for SQS's JSON protocol, just enough for SendMessage. The real SDK client talks to it
 * through the standard AWS_ENDPOINT_URL_SQS variable, so tests exercise the code that runs in Lambda.
 */
export async function startFakeSqs(): Promise<FakeSqs> {
  const sent: SentMessage[] = [];
  let failure: string | undefined;

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers["x-amz-target"] ?? "");
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, string>;
    response.setHeader("content-type", "application/x-amz-json-1.0");

    const error = target === "AmazonSQS.SendMessage" ? failure : "UnsupportedOperation";
    if (error) {
      response.statusCode = 400;
      response.end(JSON.stringify({ __type: `com.amazonaws.sqs#${error}`, message: `fake SQS: ${error} (${target})` }));
      return;
    }
    const body = input.MessageBody ?? "";
    sent.push({ queueUrl: input.QueueUrl ?? "", body });
    // The SDK checks this digest against the body it sent, as it does with real SQS.
    const md5 = createHash("md5").update(body).digest("hex");
    response.end(JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: md5 }));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/123456789012/orders`,
    sent,
    failWith(errorType) {
      failure = errorType;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

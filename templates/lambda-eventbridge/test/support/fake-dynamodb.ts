import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Attribute = Record<string, string>;
type Item = Record<string, Attribute>;

export interface FakeDynamoDb {
  /** Base URL for AWS_ENDPOINT_URL_DYNAMODB. */
  endpoint: string;
  items: Map<string, Item>;
  close(): Promise<void>;
}

const number = (attribute: Attribute | undefined) => Number(attribute?.N ?? Number.NaN);

/**
 * A local stand-in for DynamoDB's JSON protocol, just enough for the calls Powertools idempotency
 * makes (GetItem, PutItem with its "free or expired" condition, UpdateItem SET, DeleteItem), so the
 * real SDK client and persistence layer run in the tests.
 */
export async function startFakeDynamoDb(): Promise<FakeDynamoDb> {
  const items = new Map<string, Item>();
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { Key: Item; Item: Item; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Item; UpdateExpression: string };
    const operation = String(request.headers["x-amz-target"] ?? "").replace("DynamoDB_20120810.", "");
    response.setHeader("content-type", "application/x-amz-json-1.0");
    const keyOf = (key: Item) => JSON.stringify(key);
    const answer = (body: unknown, status = 200) => {
      response.statusCode = status;
      response.end(JSON.stringify(body));
    };

    switch (operation) {
      case "GetItem": {
        const item = items.get(keyOf(input.Key));
        return answer(item ? { Item: item } : {});
      }
      case "PutItem": {
        const item = input.Item;
        const key = keyOf({ id: item.id! });
        const existing = items.get(key);
        if (existing) {
          const values = input.ExpressionAttributeValues;
          const expired = number(existing.expiration) < number(values[":now"]);
          const staleInProgress = existing.status?.S === "INPROGRESS" && number(existing.in_progress_expiration) < number(values[":now_in_millis"]);
          if (!expired && !staleInProgress) {
            return answer({ __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed", Item: existing }, 400);
          }
        }
        items.set(key, item);
        return answer({});
      }
      case "UpdateItem": {
        const key = keyOf(input.Key);
        const item: Item = { ...(items.get(key) ?? input.Key) };
        const names = input.ExpressionAttributeNames;
        const values = input.ExpressionAttributeValues;
        for (const assignment of input.UpdateExpression.replace(/^SET /, "").split(",")) {
          const [name, value] = assignment.split("=").map((part) => part.trim());
          item[names[name!]!] = values[value!]!;
        }
        items.set(key, item);
        return answer({});
      }
      case "DeleteItem":
        items.delete(keyOf(input.Key));
        return answer({});
      default:
        return answer({ __type: "com.amazon.coral.validate#UnknownOperationException", message: `fake DynamoDB: ${operation}` }, 400);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    items,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

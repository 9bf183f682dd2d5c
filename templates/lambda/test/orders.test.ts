import { describe, expect, it } from "vitest";
import { parseNewOrder, parseQueuedOrder } from "../src/lib/orders.js";

describe("parseNewOrder", () => {
  it("accepts a well-formed order and drops unknown fields", () => {
    const result = parseNewOrder({ customerId: "cust_1", items: [{ sku: "MUG", quantity: 2, price: 1 }], admin: true });
    expect(result).toEqual({ ok: true, value: { customerId: "cust_1", items: [{ sku: "MUG", quantity: 2 }] } });
  });

  it.each([
    ["a non-object body", [], "body: expected a JSON object"],
    ["a missing customer", { items: [{ sku: "MUG", quantity: 1 }] }, "customerId:"],
    ["no items", { customerId: "c", items: [] }, "items: expected an array of 1-50 items"],
    ["too many items", { customerId: "c", items: Array.from({ length: 51 }, () => ({ sku: "A", quantity: 1 })) }, "items:"],
    ["a fractional quantity", { customerId: "c", items: [{ sku: "MUG", quantity: 1.5 }] }, "items[0].quantity:"],
    ["a sku with spaces", { customerId: "c", items: [{ sku: "two words", quantity: 1 }] }, "items[0].sku:"],
  ])("rejects %s", (_label, input, expected) => {
    const result = parseNewOrder(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((error) => error.startsWith(expected))).toBe(true);
  });
});

describe("parseQueuedOrder", () => {
  const order = { customerId: "c", items: [{ sku: "MUG", quantity: 1 }] };

  it("needs the id and creation time the API adds", () => {
    expect(parseQueuedOrder(order)).toEqual({
      ok: false,
      errors: ["orderId: expected a non-empty string", "createdAt: expected an ISO date"],
    });
    const queued = { ...order, orderId: "o-1", createdAt: "2026-11-25T14:55:12.481Z" };
    expect(parseQueuedOrder(queued)).toEqual({ ok: true, value: queued });
  });
});

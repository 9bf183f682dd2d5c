import { describe, expect, it } from "vitest";
import { InvalidDetailError, orderTotalCents, parseOrderPlaced } from "../src/lib/order-placed.js";
import { loadEvent } from "./support/lambda.js";

const detail = () => loadEvent<{ detail: Record<string, unknown> }>("order-placed").detail;

describe("parseOrderPlaced", () => {
  it("accepts the sample event's detail and totals it", () => {
    const order = parseOrderPlaced(detail());
    expect(order.orderId).toBe("ord_7f3a91");
    expect(orderTotalCents(order)).toBe(5198);
  });

  it.each([
    ["no detail", undefined, "detail:"],
    ["a missing orderId", { orderId: undefined }, "orderId:"],
    ["no items", { items: [] }, "items:"],
    ["a fractional quantity", { items: [{ sku: "A", quantity: 1.5, unitPriceCents: 100 }] }, "items.0.quantity"],
    ["a date without a time zone", { placedAt: "2026-11-25T09:29:58" }, "placedAt"],
  ])("refuses %s", (_, change, problem) => {
    const input = change === undefined ? undefined : { ...detail(), ...change };
    expect(() => parseOrderPlaced(input)).toThrow(InvalidDetailError);
    expect(() => parseOrderPlaced(input)).toThrow(problem);
  });
});

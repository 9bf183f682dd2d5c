import { describe, expect, it } from "vitest";
import { InvalidOrderError, parseOrder } from "../src/lib/orders.js";

describe("parseOrder", () => {
  it("accepts a complete order", () => {
    expect(parseOrder('{"orderId":"ord_1","customerId":"c","items":[{"sku":"A","quantity":1}]}').orderId).toBe("ord_1");
  });

  it.each([
    ["not json", "the body is not JSON"],
    ['{"customerId":"c","items":[{"sku":"A","quantity":1}]}', "orderId"],
    ['{"orderId":"o","customerId":"c","items":[]}', "items: at least one"],
    ['{"orderId":"o","customerId":"c","items":[{"sku":"A","quantity":0}]}', "items[0].quantity"],
  ])("refuses %s", (body, problem) => {
    expect(() => parseOrder(body)).toThrow(InvalidOrderError);
    expect(() => parseOrder(body)).toThrow(problem);
  });
});

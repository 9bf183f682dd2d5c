import path from "node:path";
import { describe, expect, it } from "vitest";
import { within } from "../../../../src/project/source/boundary.js";

describe("within: the one spelling of a path inside another", () => {
  const root = path.resolve("/work/shop");
  it("the folder itself and what is below it", () => {
    expect(within(root, root)).toBe(true);
    expect(within(root, path.join(root, "api", "orders.ts"))).toBe(true);
    expect(within(root, path.join(root, "..cache", "x.json"))).toBe(true);
  });
  it("not a sibling that shares the folder's name as a prefix, nor a parent", () => {
    expect(within(root, `${root}-old${path.sep}api.ts`)).toBe(false);
    expect(within(root, path.dirname(root))).toBe(false);
  });
  it("a root given with its trailing separator (the file system's root) holds every path", () => {
    const top = path.parse(root).root;
    expect(within(top, root)).toBe(true);
    expect(within(top, top)).toBe(true);
  });
});

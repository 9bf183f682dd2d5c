import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { clientSites } from "../../../src/audit/analysis/db-clients.js";
import { neverEntered } from "../../../src/audit/analysis/handler-reach.js";
import { enclosingFunction } from "../../../src/audit/analysis/instance-cache.js";

/** neverEntered for the function around the file's `new PrismaClient()`. */
function factoryNeverEntered(...lines: string[]): boolean {
  const text = ['import { PrismaClient } from "@prisma/client";', ...lines].join("\n");
  const sf = ts.createSourceFile("lib/db.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const [site] = clientSites(sf);
  const fn = site && enclosingFunction(site.node);
  if (!fn) throw new Error("no construction inside a function");
  return neverEntered(fn);
}

describe("neverEntered: a function no walk from a handler can reach", () => {
  it("the globalThis singleton's factory, called at module scope and named in a type", () => {
    expect(
      factoryNeverEntered(
        "const make = () => new PrismaClient();",
        "const g = globalThis as unknown as { prisma?: ReturnType<typeof make> };",
        "export const prisma = g.prisma ?? make();",
      ),
    ).toBe(true);
    expect(factoryNeverEntered("function make() {", "  return new PrismaClient();", "}", "export const prisma = make();")).toBe(true);
    expect(factoryNeverEntered("const make = (() => new PrismaClient()) as () => PrismaClient;", "export const prisma = make();")).toBe(true);
    // The same word as a property name is not the function.
    expect(factoryNeverEntered("const make = () => new PrismaClient();", "export const prisma = make();", "export const flags = { make: true };", "void flags.make;")).toBe(true);
  });

  it("not when a walk can get there: exported, called in a body, passed on as a value, or nested in a function", () => {
    expect(factoryNeverEntered("export const make = () => new PrismaClient();")).toBe(false);
    expect(factoryNeverEntered("const make = () => new PrismaClient();", "export { make };")).toBe(false);
    expect(factoryNeverEntered("const make = () => new PrismaClient();", "export default make;")).toBe(false);
    expect(factoryNeverEntered("const make = () => new PrismaClient();", "export async function GET() {", "  return Response.json(await make().user.findMany());", "}")).toBe(false);
    expect(factoryNeverEntered("const make = () => new PrismaClient();", "declare function wrap<T>(f: T): T;", "export const GET = wrap(make);")).toBe(false);
    expect(factoryNeverEntered("const make = () => new PrismaClient();", "module.exports = { make };")).toBe(false);
    expect(factoryNeverEntered("const make = () => new PrismaClient();", "export class Repo {", "  db = make();", "}")).toBe(false);
    expect(factoryNeverEntered("const make = () => new PrismaClient();", "export const db = make.call(undefined);")).toBe(false);
    expect(factoryNeverEntered("export function GET() {", "  const make = () => new PrismaClient();", "  return make();", "}")).toBe(false);
    // Bound some other way than a top-level function or variable: not told apart, so not skipped.
    expect(factoryNeverEntered("export const db = { make: () => new PrismaClient() };")).toBe(false);
  });
});

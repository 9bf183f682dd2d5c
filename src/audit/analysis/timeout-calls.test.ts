import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { timeoutFacts } from "./timeout-calls.js";

function facts(code: string) {
  const sf = ts.createSourceFile("/x/file.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const f = timeoutFacts(sf);
  return {
    calls: f.calls.map((c) => `${c.callee} ${c.bound.kind}`),
    loose: f.looseInstances.map((i) => i.name),
    axiosDefault: f.setsAxiosDefault,
  };
}

describe("timeoutFacts", () => {
  it("tells a global fetch from a local binding of the same name", () => {
    expect(facts(`function make(fetch: any) { return fetch("/a"); }\nfetch("/b");\nglobalThis.fetch("/c");`).calls).toEqual(["fetch absent", "globalThis.fetch absent"]);
  });

  it("leaves out a fetch of a file bundled with the function, not of a relative URL built otherwise", () => {
    const code = [
      'const font = fetch(new URL("./Inter.ttf", import.meta.url)).then((r) => r.arrayBuffer());',
      'const logo = fetch(new URL("../public/logo.png", import.meta.url));',
      'const remote = fetch(new URL("/api/items", "https://example.com"));',
      'const dynamic = fetch(new URL(name, import.meta.url));',
    ].join("\n");
    expect(facts(code).calls).toEqual(["fetch absent", "fetch absent"]);
  });

  it("follows signals through consts, helpers, AbortSignal.any and timers", () => {
    const code = `
      const deadline = (ms: number) => AbortSignal.timeout(ms);
      async function run(input: RequestInit) {
        const s = AbortSignal.timeout(1000);
        await fetch("/1", { signal: s });
        await fetch("/2", { signal: deadline(500) });
        await fetch("/3", { signal: AbortSignal.any([input.signal!, AbortSignal.timeout(5)]) });
        const c = new AbortController();
        await fetch("/4", { signal: c.signal });
        const t = new AbortController();
        setTimeout(() => t.abort(), 100);
        await fetch("/5", { signal: t.signal });
        await fetch("/6", { signal: undefined });
        await fetch("/7", input);
        await fetch("/8", { ...input });
        await fetch("/9", { signal: input.signal });
      }`;
    expect(facts(code).calls).toEqual([
      "fetch bounded",
      "fetch bounded",
      "fetch bounded",
      "fetch unbounded",
      "fetch bounded",
      "fetch unbounded",
      "fetch bounded",
      "fetch bounded",
      "fetch bounded",
    ]);
  });

  it("reads axios instance defaults, defaults assignments and per-call settings", () => {
    const code = `
      import axios from "axios";
      const a = axios.create({ timeout: 1000 });
      const b = axios.create({ baseURL: "x" });
      b.defaults.timeout = 500;
      export const c = axios.create({ baseURL: "y" });
      axios.defaults.timeout = 2000;
      a.get("/1");
      b.post("/2", {});
      c.get("/3", { timeout: 0 });
      axios.get("/4", { timeout: 10 });
      axios.getUri({ url: "/5" });`;
    expect(facts(code)).toEqual({
      calls: ["a.get bounded", "b.post bounded", "c.get unbounded", "axios.get bounded"],
      loose: ["c"],
      axiosDefault: true,
    });
  });

  it("knows got's request timeout, ky's default and instances built from instances", () => {
    const code = `
      import got from "got";
      import ky from "ky";
      const base = got.extend({ timeout: { request: 1000 } });
      const child = base.extend({ prefixUrl: "x" });
      const raw = ky.create({ timeout: false });
      child.get("a");
      got("b", { timeout: { connect: 5, request: 50 } });
      got.post("c", { timeout: { socket: 5 } });
      ky.get("d");
      raw.get("e");
      raw.get("f", { timeout: 1000 });
      got.stream("g");`;
    expect(facts(code).calls).toEqual([
      "child.get bounded",
      "got bounded",
      "got.post unbounded",
      "ky.get absent",
      "raw.get unbounded",
      "raw.get bounded",
      "got.stream absent",
    ]);
  });

  it("accepts a Request built with a signal and undici's own timeouts", () => {
    const code = `
      import { request, fetch as uf } from "undici";
      const req = new Request("/x", { signal: AbortSignal.timeout(10) });
      fetch(req);
      fetch(new Request("/y"));
      request("/z", { headersTimeout: 10 });
      request("/w", { bodyTimeout: 0 });
      uf("/v");`;
    expect(facts(code).calls).toEqual(["fetch bounded", "fetch absent", "request bounded", "request absent", "uf absent"]);
  });
});

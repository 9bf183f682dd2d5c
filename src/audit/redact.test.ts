import { describe, expect, it } from "vitest";
import { createRedactor } from "./redact.js";

describe("createRedactor", () => {
  it("masks what it learned from files wherever it appears, and what a string itself holds", () => {
    const r = createRedactor();
    r.learn('const url = "postgres://app:Hq7TzP2wLx9K@db.k3x9qa.eu-west-1.rds.amazonaws.com/app";');
    expect(r.string("could not connect with Hq7TzP2wLx9K")).toBe("could not connect with ****");
    expect(r.string("token sk_live_Zq81mXv2LpR7tKs9WbN3yHd6 in a message")).toBe("token sk_live_…yHd6 in a message");
    expect(r.string("nothing secret here")).toBe("nothing secret here");
  });

  it("keeps the line count of a multi-line key, so code frames stay on their lines", () => {
    const body = Array.from({ length: 4 }, (_, i) => `MIIEv${i}QIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7VJTUt9Us8cKj${i}`).join("\n");
    const text = `line one\n-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\nlast line`;
    const r = createRedactor();
    r.learn(text);
    const out = r.string(text);
    expect(out.split("\n")).toHaveLength(text.split("\n").length);
    expect(out).not.toContain("MIIEv");
    expect(out.split("\n").at(-1)).toBe("last line");
  });
});

import { describe, expect, it } from "vitest";
import { findSecrets, isTestPath } from "./secret-patterns.js";

const kinds = (text: string) => findSecrets(text).map((m) => m.kind);

describe("findSecrets", () => {
  it("finds each vendor format and masks it to its prefix and last four characters", () => {
    const [stripe] = findSecrets("key=sk_live_u8jzPde0IgxLd6GncfBAepfJ");
    expect(stripe).toMatchObject({ kind: "Stripe live secret key", masked: "sk_live_…epfJ", index: 4 });
    expect(kinds("AKIA8HT9LGMXG9EDN581")).toEqual(["AWS access key id"]);
    expect(kinds("ghp_XuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FA")).toEqual(["GitHub token"]);
    expect(kinds("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")).toEqual(["Slack token"]);
    expect(findSecrets("sk-proj-fjORS-6ilI8ihN5KXSc7Tvo-hBKqFYY-kv5ZJr3J1TWDtkwt")[0]!.masked).toBe("sk-proj-…tkwt");
    expect(kinds("sk-ant-api03-Xk29fLq8ZpW3mN7vR1tY6uH0jB5cD4eG2iK9oL8nM3sQ7wE1rT6yU")).toEqual(["Anthropic API key"]);
  });

  it("finds passwords in remote database URLs and masks them", () => {
    const [m] = findSecrets("postgres://orders_app:oQoaF1LlqsajAIxNKu8i@orders-db.c9akciq32fzt.us-east-1.rds.amazonaws.com:5432/orders");
    expect(m!.masked).toBe("postgres://orders_app:****@orders-db.c9akciq32fzt.us-east-1.rds.amazonaws.com");
    expect(findSecrets("mongodb+srv://svc:Hq7TzP2wLx9K@cluster0.ab1cd.mongodb.net/app")[0]!.masked).toBe("mongodb+srv://svc:****@cluster0.ab1cd.mongodb.net");
  });

  it("leaves placeholders, sample keys, test keys, local URLs and ids alone", () => {
    for (const text of [
      "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
      "sk_live_000000000000000000000000",
      "sk_test_51Hq8YtKz3vLmN2pQrS7tUvWxYz",
      "AKIAIOSFODNN7EXAMPLE",
      "sk-your-openai-key-goes-here-please-1234",
      "-----BEGIN PRIVATE KEY-----",
      "postgres://postgres:postgres@localhost:5432/app",
      "postgres://app:${DB_PASSWORD}@db.internal:5432/app",
      "postgres://<user>:<password>@<host>:5432/<db>",
      "3f2c1a9b8d7e4f6a5b0c9d8e7f6a5b4c",
      "a1b2c3d4-5e6f-4789-8abc-def012345678",
    ]) {
      expect(kinds(text), text).toEqual([]);
    }
  });
});

describe("isTestPath", () => {
  it("knows test files and folders by convention", () => {
    expect(["src/orders.test.ts", "test/keys.ts", "src/__tests__/a.ts", "fixtures/x/index.ts", "lib/a.spec.mjs"].every(isTestPath)).toBe(true);
    expect(["src/orders.ts", "src/testing-utils.ts", "src/contest.ts"].some(isTestPath)).toBe(false);
  });
});

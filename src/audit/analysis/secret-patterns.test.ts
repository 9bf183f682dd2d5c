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

describe("findSecrets: webhooks, AWS secret keys and password-only URLs", () => {
  it("finds a Slack webhook URL and keeps its public part", () => {
    const [m] = findSecrets('url = "https://hooks.slack.com/services/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"');
    expect(m).toMatchObject({ kind: "Slack webhook URL", masked: "https://hooks.slack.com/services/T04QZ8K2M/…6uH0" });
    expect(kinds("https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX")).toEqual([]);
  });

  it("takes a 40-character key for an AWS secret only beside an access key id or its name", () => {
    const secret = "q8Zt3mNv7LpX2rKs9WbY4hJd6Fg1Tc5VeA0uRiOp";
    expect(kinds(secret)).toEqual([]);
    expect(findSecrets(secret, `accessKeyId: "AKIAZ7Q3MV2KXR5TWN8P", secretAccessKey: "${secret}"`).map((m) => m.kind)).toEqual(["AWS secret access key"]);
    expect(findSecrets(secret, `AWS_SECRET_ACCESS_KEY=${secret}`)[0]!.masked).toBe("…RiOp");
    // A SHA-1 or a base64 digest of the same length beside a key id is not a secret key.
    expect(findSecrets("3f2c1a9b8d7e4f6a5b0c9d8e7f6a5b4c3d2e1f0a", "AKIAZ7Q3MV2KXR5TWN8P")).toEqual([]);
  });

  it("finds a Redis or Postgres URL with an empty user name and masks only its password", () => {
    const [m] = findSecrets("rediss://:Vz8Qm2Lx7KpR4tNw@orders-cache.k3x9qa.use1.cache.amazonaws.com:6380");
    expect(m).toMatchObject({ value: "Vz8Qm2Lx7KpR4tNw", redacted: "****", masked: "rediss://:****@orders-cache.k3x9qa.use1.cache.amazonaws.com" });
    expect(kinds("postgres://:Hq7TzP2wLx9K@db.k3x9qa.eu-west-1.rds.amazonaws.com/app")).toEqual(["postgres URL with a password"]);
  });

  it("stays linear on many unterminated key headers and URL prefixes", () => {
    const text = "-----BEGIN PRIVATE KEY-----\n".repeat(20_000) + "postgres://a:".repeat(20_000);
    expect(findSecrets(text)).toEqual([]);
  });
});

describe("isTestPath", () => {
  it("knows test files and folders by convention", () => {
    expect(["src/orders.test.ts", "test/keys.ts", "src/__tests__/a.ts", "fixtures/x/index.ts", "lib/a.spec.mjs"].every(isTestPath)).toBe(true);
    expect(["src/orders.ts", "src/testing-utils.ts", "src/contest.ts"].some(isTestPath)).toBe(false);
  });
});

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { repoRoot } from "../../e2e/_helpers.js";

const MARKER = "<!-- coldstart-diff -->";
const PAGE = 2;

interface Comment {
  id: number;
  body: string;
}

/** The three GitHub REST endpoints the script calls, with pages of two and scripted failures. */
class FakeGitHub {
  comments: Comment[] = [];
  calls: string[] = [];
  /** Responses to give before the real one, consumed in order: [method, status, headers]. */
  failures: Array<{ method: string; status: number; headers?: Record<string, string>; message: string }> = [];
  server: Server = createServer((req, res) => void this.handle(req, res));
  nextId = 100;

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url!, this.url);
    this.calls.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== "Bearer test-token") return send(401, { message: "Bad credentials" });
    const failure = this.failures[0]?.method === req.method ? this.failures.shift() : undefined;
    if (failure) return send(failure.status, { message: failure.message }, failure.headers);
    const list = /^\/repos\/acme\/shop\/issues\/7\/comments$/.exec(url.pathname);
    const one = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { body: string }) : undefined;
    if (list && req.method === "GET") {
      const page = Number(url.searchParams.get("page") ?? "1");
      const items = this.comments.slice((page - 1) * PAGE, page * PAGE);
      const more = page * PAGE < this.comments.length;
      return send(200, items, more ? { link: `<${this.url}${url.pathname}?per_page=100&page=${page + 1}>; rel="next"` } : {});
    }
    if (list && req.method === "POST") {
      const comment = { id: this.nextId++, body: body!.body };
      this.comments.push(comment);
      return send(201, comment);
    }
    if (one && req.method === "PATCH") {
      const comment = this.comments.find((c) => c.id === Number(one[1]));
      if (!comment) return send(404, { message: "Not Found" });
      comment.body = body!.body;
      return send(200, comment);
    }
    send(404, { message: "Not Found" });
  }
}

const changedDiff = { base: { commit: "abcdef1234567" }, functions: [{ status: "changed" }], findings: { added: [], fixed: [] } };
const quietDiff = { base: { commit: "abcdef1234567" }, functions: [{ status: "unchanged" }], findings: { added: [], fixed: [] } };

describe("the action's PR comment", { timeout: 60_000 }, () => {
  const github = new FakeGitHub();
  let dir: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => github.server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => {
    github.server.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "coldstart-comment-"));
    github.comments = [];
    github.calls = [];
    github.failures = [];
  });

  async function comment(body: string, diff: object) {
    writeFileSync(path.join(dir, "diff.md"), body);
    writeFileSync(path.join(dir, "diff.json"), JSON.stringify(diff));
    const summary = path.join(dir, "summary.md");
    const run = await execa(process.execPath, [path.join(repoRoot, "action/comment.mjs")], {
      reject: false,
      env: {
        PATH: process.env.PATH ?? "",
        GITHUB_TOKEN: "test-token",
        GITHUB_REPOSITORY: "acme/shop",
        GITHUB_API_URL: github.url,
        COLDSTART_PR: "7",
        COLDSTART_BODY: path.join(dir, "diff.md"),
        COLDSTART_DIFF_JSON: path.join(dir, "diff.json"),
        GITHUB_STEP_SUMMARY: summary,
        COLDSTART_MAX_WAIT_S: "3",
      },
    });
    rmSync(path.join(dir, "diff.md"));
    return { exitCode: run.exitCode, stdout: String(run.stdout), summary: existsSync(summary) ? readFileSync(summary, "utf8") : "" };
  }

  const report = (text: string) => `${MARKER}\n## coldstart diff\n\n${text}\n`;

  it("creates one comment, then finds it past the first page and updates it in place", async () => {
    github.comments = [1, 2, 3].map((n) => ({ id: n, body: `a reviewer's comment ${n}` }));
    const first = await comment(report("Orders +40 kB"), changedDiff);
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.stdout).toContain("created comment 100");
    github.comments.push({ id: 4, body: "a later comment" });
    github.calls = [];
    const second = await comment(report("Orders +45 kB"), changedDiff);
    expect(second.stdout).toContain("updated comment 100");
    expect(github.comments.filter((c) => c.body.includes(MARKER))).toEqual([{ id: 100, body: report("Orders +45 kB") }]);
    // The marked comment is the fourth of five: page 2 of pages of two, reached through the Link header.
    expect(github.calls).toEqual([
      "GET /repos/acme/shop/issues/7/comments?per_page=100",
      "GET /repos/acme/shop/issues/7/comments?per_page=100&page=2",
      "PATCH /repos/acme/shop/issues/comments/100",
    ]);
    github.calls = [];
    expect((await comment(report("Orders +45 kB"), changedDiff)).stdout).toContain("up to date");
    expect(github.calls.filter((c) => !c.startsWith("GET"))).toEqual([]);
  });

  it("posts nothing when nothing changed, and marks an earlier comment resolved", async () => {
    const none = await comment(report("No function changed."), quietDiff);
    expect(none.stdout).toContain("no comment posted");
    expect(github.comments).toEqual([]);
    github.comments = [{ id: 9, body: report("Orders +40 kB") }];
    const resolved = await comment(report("No function changed."), quietDiff);
    expect(resolved.stdout).toContain("updated comment 9 (resolved)");
    expect(github.comments[0]!.body).toContain("Nothing left");
    expect(github.comments[0]!.body.startsWith(MARKER)).toBe(true);
  });

  it("falls back to the step summary when a fork's token may not write (403), and says so", async () => {
    github.failures.push({ method: "POST", status: 403, message: "Resource not accessible by integration" });
    const run = await comment(report("Orders +40 kB"), changedDiff);
    expect(run.exitCode).toBe(0);
    expect(github.comments).toEqual([]);
    expect(run.summary).toBe(`${report("Orders +40 kB")}\n`);
    expect(run.stdout).toContain("::warning title=coldstart::Could not comment on the pull request (403 Resource not accessible by integration); the diff is in the job's step summary instead.");
  });

  it("waits out a rate limit and goes on; one that lasts too long falls back to the summary", async () => {
    github.failures.push({ method: "GET", status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 1) }, message: "API rate limit exceeded" });
    github.failures.push({ method: "GET", status: 429, headers: { "retry-after": "1" }, message: "secondary rate limit" });
    const waited = await comment(report("Orders +40 kB"), changedDiff);
    expect(waited.stdout).toMatch(/rate limited by GitHub; retrying in \d s[\s\S]*rate limited by GitHub; retrying in 1 s[\s\S]*created comment/);
    expect(github.comments).toHaveLength(1);
    github.comments = [];
    github.failures.push({ method: "GET", status: 429, headers: { "retry-after": "3600" }, message: "secondary rate limit" });
    const gaveUp = await comment(report("Orders +40 kB"), changedDiff);
    expect(gaveUp.exitCode).toBe(0);
    expect(gaveUp.summary).toContain("Orders +40 kB");
    expect(gaveUp.stdout).toContain("rate limited by GitHub for another 3600 s");
    expect(github.comments).toEqual([]);
  });

  it("fails loudly on an error that is not the token's or a rate limit", async () => {
    github.failures.push({ method: "GET", status: 500, message: "Server Error" });
    const run = await comment(report("Orders +40 kB"), changedDiff);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("::error title=coldstart::GET /repos/acme/shop/issues/7/comments?per_page=100: 500 Server Error");
  });
});

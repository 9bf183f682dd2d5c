#!/usr/bin/env node
// Keeps one pull-request comment from coldstart up to date, found by a hidden marker. Plain Node
// (20+), no dependencies: the GitHub Action runs it after `coldstart diff`.
//
// Env: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL, COLDSTART_PR (the pull
// request number; else read from GITHUB_EVENT_PATH), COLDSTART_BODY (Markdown file),
// COLDSTART_DIFF_JSON (the diff's JSON: whether anything changed), GITHUB_STEP_SUMMARY.
//
// - Something changed: create the comment, or update it in place (not when the text is the same).
// - Nothing changed: post nothing; an earlier comment is marked resolved.
// - A token that may not write (a fork's pull request: 403) or a rate limit that outlasts the
//   wait: the report goes to the step summary instead, and a warning says so. Exit 0 either way:
//   the comment is a courtesy; the audit and diff exit codes are the verdict.
import { appendFileSync, readFileSync } from "node:fs";

const MARKER = "<!-- coldstart-diff -->";
const MAX_WAIT_S = Number(process.env.COLDSTART_MAX_WAIT_S ?? 60);
const MAX_PAGES = 50;

class Refused extends Error {}

function env(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === "") {
    if (fallback !== undefined) return fallback;
    throw new Error(`${name} is not set`);
  }
  return value;
}

function prNumber() {
  if (process.env.COLDSTART_PR) return Number(process.env.COLDSTART_PR);
  const event = JSON.parse(readFileSync(env("GITHUB_EVENT_PATH"), "utf8"));
  const n = event.pull_request?.number ?? event.issue?.number;
  if (!n) throw new Error("not a pull request event: no pull_request.number in GITHUB_EVENT_PATH");
  return n;
}

const sleep = (s) => new Promise((resolve) => setTimeout(resolve, s * 1000));

/** Seconds to wait before retrying a rate-limited request, or undefined when it is no rate limit. */
function rateLimitWait(res) {
  const retryAfter = res.headers.get("retry-after");
  if (retryAfter !== null) return Number(retryAfter) || 1;
  if (res.headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(res.headers.get("x-ratelimit-reset"));
    return Number.isFinite(reset) ? Math.max(1, reset - Math.floor(Date.now() / 1000)) : 60;
  }
  return undefined;
}

async function request(api, token, method, url, body) {
  let waited = 0;
  for (;;) {
    const res = await fetch(url.startsWith("http") ? url : `${api}${url}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${token}`,
        "x-github-api-version": "2022-11-28",
        "user-agent": "coldstart-action",
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (res.ok) return res;
    const text = await res.text();
    const wait = res.status === 403 || res.status === 429 ? rateLimitWait(res) : undefined;
    if (wait !== undefined) {
      if (waited + wait > MAX_WAIT_S) throw new Refused(`rate limited by GitHub for another ${wait} s (${res.status})`);
      console.log(`coldstart: rate limited by GitHub; retrying in ${wait} s`);
      waited += wait;
      await sleep(wait);
      continue;
    }
    let message = text;
    try {
      message = JSON.parse(text).message ?? text;
    } catch {
      // not JSON: keep the text
    }
    if (res.status === 403 || res.status === 404) throw new Refused(`${res.status} ${message}`);
    throw new Error(`${method} ${url}: ${res.status} ${message}`);
  }
}

/** A workflow command's data: `%`, CR and LF escaped, so a message cannot end the command or start another. */
function commandData(text) {
  return String(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function nextLink(res) {
  const link = res.headers.get("link") ?? "";
  return /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
}

async function findComment(api, token, repo, pr) {
  let url = `/repos/${repo}/issues/${pr}/comments?per_page=100`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await request(api, token, "GET", url);
    const found = (await res.json()).find((c) => typeof c.body === "string" && c.body.includes(MARKER));
    if (found) return found;
    url = nextLink(res);
  }
  return undefined;
}

function changedIn(diff) {
  return diff.functions.some((fn) => fn.status !== "unchanged") || diff.findings.added.length + diff.findings.fixed.length > 0;
}

function resolvedBody(diff) {
  return `${MARKER}\n## coldstart diff\n\n✅ Nothing left: no function differs from the base (\`${diff.base.commit.slice(0, 7)}\`) in size, cost or findings.\n`;
}

async function main() {
  const body = readFileSync(env("COLDSTART_BODY"), "utf8");
  const diff = JSON.parse(readFileSync(env("COLDSTART_DIFF_JSON"), "utf8"));
  const api = env("GITHUB_API_URL", "https://api.github.com").replace(/\/$/, "");
  const token = env("GITHUB_TOKEN");
  const repo = env("GITHUB_REPOSITORY");
  const pr = prNumber();
  const changed = changedIn(diff);
  try {
    const existing = await findComment(api, token, repo, pr);
    const wanted = changed ? body : existing ? resolvedBody(diff) : undefined;
    if (wanted === undefined) return console.log("coldstart: nothing changed; no comment posted");
    if (existing && existing.body === wanted) return console.log(`coldstart: comment ${existing.id} is up to date`);
    if (existing) {
      await request(api, token, "PATCH", `/repos/${repo}/issues/comments/${existing.id}`, { body: wanted });
      return console.log(`coldstart: updated comment ${existing.id}${changed ? "" : " (resolved)"}`);
    }
    const res = await request(api, token, "POST", `/repos/${repo}/issues/${pr}/comments`, { body: wanted });
    console.log(`coldstart: created comment ${(await res.json()).id}`);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    // A fork's token is read-only: the step summary is the one place left to show the report.
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (summary) appendFileSync(summary, `${body}\n`);
    console.log(`::warning title=coldstart::${commandData(`Could not comment on the pull request (${error.message}); `)}${summary ? "the diff is in the job's step summary instead" : "GITHUB_STEP_SUMMARY is not set, so the diff is only in this log"}.`);
    if (!summary) console.log(body);
  }
}

await main().catch((error) => {
  console.log(`::error title=coldstart::${commandData(error.message)}`);
  process.exitCode = 1;
});

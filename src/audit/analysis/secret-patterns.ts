/**
 * High-confidence secret formats, with the checks that keep placeholders and look-alikes out.
 * Precision over recall: each pattern is a vendor prefix with a fixed shape, so an ordinary
 * identifier, hash or binding id never matches.
 */
export interface SecretMatch {
  /** What it is, for the message: "Stripe live secret key". */
  kind: string;
  /** The matched value (never printed whole). */
  value: string;
  /** The value as shown: prefix, an ellipsis and the last four characters. */
  masked: string;
  /** What replaces `value` wherever coldstart would print it (for a URL, only the password is the value). */
  redacted: string;
  /** Offset of the match in the scanned text. */
  index: number;
}

interface Pattern {
  kind: string;
  re: RegExp;
  /** Characters of the match kept in the masked form (the public prefix). */
  keep: number | ((m: string) => number);
  /** Extra test on the matched value. */
  accept?: (m: string) => boolean;
}

/** Cheap file-level test: any of the prefixes below. */
export const SECRET_PRESCAN = /AKIA|ASIA|sk_live_|rk_live_|gh[pousr]_|github_pat_|xox[abpr]-|sk-|PRIVATE KEY-----|hooks\.slack\.com|:\/\/[^/\s:@"'`]*:[^@\s"'`]+@/;

const PLACEHOLDER = /x{4,}|X{4,}|your|example|changeme|change_me|placeholder|dummy|fake|sample|redacted|replace|insert|<[^>]*>|\.\.\.|…|\*{3,}|\$\{|\{\{/i;

/** Bits per character: real keys are random; `sk-aaaaaaaa...` and `sk-my-secret-key-here` are not. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER.test(value)) return true;
  // Runs of one character (`sk_live_000000...`) or very few distinct characters.
  if (/(.)\1{5,}/.test(value)) return true;
  return new Set(value).size <= 5;
}

const random = (min: number) => (m: string) => entropy(m) >= min && /\d/.test(m) && /[a-zA-Z]/.test(m);

const PATTERNS: Pattern[] = [
  { kind: "AWS access key id", re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, keep: 4, accept: random(3) },
  { kind: "Stripe live secret key", re: /\bsk_live_[A-Za-z0-9]{20,}\b/g, keep: 8, accept: random(3.5) },
  { kind: "Stripe live restricted key", re: /\brk_live_[A-Za-z0-9]{20,}\b/g, keep: 8, accept: random(3.5) },
  { kind: "GitHub token", re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, keep: 4, accept: random(3.5) },
  { kind: "GitHub fine-grained token", re: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g, keep: 11, accept: random(3.5) },
  { kind: "Slack token", re: /\bxox[abpr]-\d{6,}-[A-Za-z0-9-]{10,}/g, keep: 5, accept: (m) => entropy(m) >= 3.3 },
  { kind: "Anthropic API key", re: /\bsk-ant-[A-Za-z0-9_-]{32,}/g, keep: 7, accept: random(4) },
  {
    kind: "OpenAI API key",
    re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/g,
    keep: (m) => /^sk-(?:proj|svcacct|admin)-/.test(m) ? m.indexOf("-", 3) + 1 : 3,
    accept: (m) => !m.startsWith("sk-ant-") && random(4)(m) && /[A-Z]/.test(m) && /[a-z]/.test(m),
  },
  {
    kind: "Slack webhook URL",
    re: /\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,}\/[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/g,
    keep: (m) => m.indexOf("/", m.indexOf("/", 30) + 1) + 1,
    accept: random(3.5),
  },
];

// Bounded bodies keep every pattern linear: a 4,096-bit key is about 3,300 characters of PEM.
const PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ ){0,4})PRIVATE KEY-----([A-Za-z0-9+/=\s\\n:,-]{0,8192}?)-----END/g;

/** An AWS secret access key: 40 characters of base64 alphabet, which alone looks like any hash. */
const AWS_SECRET = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const AWS_SECRET_NAME = /secret[_-]?access[_-]?key/i;

function mask(value: string, keep: number): string {
  return `${value.slice(0, keep)}…${value.slice(-4)}`;
}

/**
 * Every token-shaped secret in `text` (one string literal or config value, or a whole file).
 * `context` is the text around it (the whole file), which tells an AWS secret access key from any
 * other 40-character string: it must sit in a file that holds an access key id or names one.
 */
export function findSecrets(text: string, context: string = text): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const value = m[0];
      if (isPlaceholder(value) || (p.accept && !p.accept(value))) continue;
      const masked = mask(value, typeof p.keep === "number" ? p.keep : p.keep(value));
      found.push({ kind: p.kind, value, masked, redacted: masked, index: m.index });
    }
  }
  if (/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/.test(context) || AWS_SECRET_NAME.test(context)) found.push(...findAwsSecrets(text, found));
  PRIVATE_KEY.lastIndex = 0;
  for (let m = PRIVATE_KEY.exec(text); m; m = PRIVATE_KEY.exec(text)) {
    // A real key has a body; `startsWith("-----BEGIN PRIVATE KEY-----")` checks do not.
    const body = (m[2] ?? "").replace(/\\n|\s/g, "");
    if (body.length < 64 || isPlaceholder(body)) continue;
    const masked = `-----BEGIN ${m[1] ?? ""}PRIVATE KEY----- block`;
    found.push({ kind: "private key", value: m[0], masked, redacted: masked, index: m.index });
  }
  found.push(...findUrlCredentials(text));
  return found.sort((a, b) => a.index - b.index);
}

// An empty user name is allowed: Redis and some Postgres URLs carry only a password (`rediss://:pw@host`).
const DB_URL = /\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver):\/\/([^:/\s@"'`]{0,256}):([^@\s"'`]{1,256})@([^/\s"'`:?]{1,256})/g;
const LOCAL_HOSTS = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$/i;
const WEAK_PASSWORDS = new Set(["password", "pass", "passwd", "secret", "postgres", "root", "admin", "mysql", "test", "user", "guest", "pwd", "example"]);

/** Credentials inside a database or broker URL whose password looks real and whose host is not local. */
export function findUrlCredentials(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  DB_URL.lastIndex = 0;
  for (let m = DB_URL.exec(text); m; m = DB_URL.exec(text)) {
    const [, scheme, user, password, host] = m as unknown as [string, string, string, string, string];
    if (LOCAL_HOSTS.test(host) || WEAK_PASSWORDS.has(password.toLowerCase()) || isPlaceholder(password) || isPlaceholder(host)) continue;
    if (/^[$%]|^:|\$\(|\{/.test(password) || password.length < 6) continue;
    found.push({ kind: `${scheme} URL with a password`, value: password, masked: `${scheme}://${user}:****@${host}`, redacted: "****", index: m.index });
  }
  return found;
}

/** 40-character strings that are random enough to be a key, not a hash (hex) or a path. */
function findAwsSecrets(text: string, already: SecretMatch[]): SecretMatch[] {
  const found: SecretMatch[] = [];
  AWS_SECRET.lastIndex = 0;
  for (let m = AWS_SECRET.exec(text); m; m = AWS_SECRET.exec(text)) {
    const value = m[0];
    if (/^[0-9a-fA-F]+$/.test(value) || isPlaceholder(value) || !random(4)(value) || !/[A-Z]/.test(value) || !/[a-z]/.test(value)) continue;
    if (already.some((f) => f.value.includes(value))) continue;
    const masked = mask(value, 0);
    found.push({ kind: "AWS secret access key", value, masked, redacted: masked, index: m.index });
  }
  return found;
}

/** Files that hold test data by convention: never scanned. */
export function isTestPath(relative: string): boolean {
  return /(^|\/)(test|tests|__tests__|__mocks__|fixtures|__fixtures__|spec|e2e)\//.test(relative) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(relative);
}

import { execa } from "execa";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliPath } from "../../e2e/_helpers.js";
import { plantCase, runCli, type CliRun, type Planted } from "./_hostile.js";

/**
 * The machine refusing a write (a full disk, a path under a file, a read-only or unwritable place, a
 * name too long) is the user's environment, not a bug: exit 2 and one line naming the path, the OS's
 * words and what to do. Real failures only: /dev/full gives ENOSPC on every write; /sys refuses new
 * files even to root; a private tmpfs (unshare) gives a real full or read-only disk where allowed.
 */

const WORDS: Record<string, string> = {
  ENOSPC: "no space left on device",
  ENOTDIR: "not a directory",
  ENAMETOOLONG: "file name too long",
  EISDIR: "is a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
};

const LONG = "a".repeat(300);
const CREATE = ["--name", "api", "--target", "workers", "--yes", "--no-install", "--no-git"];

function expectEnvironmentError(run: CliRun, codes: string[], where?: string): void {
  const label = `coldstart ${run.args.join(" ")}\n--- stderr\n${run.stderr}`;
  expect(run.timedOut, label).toBe(false);
  expect(run.exitCode, label).toBe(2);
  const lines = run.stderr.split("\n").filter((line) => line.startsWith("coldstart:"));
  expect(lines, label).toHaveLength(1);
  const line = lines[0] ?? "";
  expect(codes.some((code) => line.includes(`${WORDS[code]} (${code}). `)), label).toBe(true);
  // What to do comes after the OS's words.
  expect(line, label).toMatch(/\([A-Z]+\)\. [A-Z][^.]+\./);
  if (where !== undefined) expect(line, label).toContain(where);
  expect(run.stderr, label).not.toMatch(/internal error|report it at|^\s+at /m);
}

/** Staging folders create leaves beside the project if it dies halfway: `.api.coldstart-XXXXXX`. */
function staging(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => /^\..+\.coldstart-/.test(name)) : [];
}

let planted: Planted;
beforeAll(() => {
  planted = plantCase("write-errors");
  writeFileSync(path.join(planted.out, "a-file"), "");
});

describe("report, baseline and HTML files the machine refuses", () => {
  it("the fixture's own run exits 1 (findings), so a 2 below comes from the write", async () => {
    const run = await runCli(planted, ["audit", "project", "--output", path.join(planted.out, "ok.txt")]);
    expect(run.exitCode, run.stderr).toBe(1);
  });

  it.each([
    ["audit --output", ["audit", "project", "--output", "/dev/full"]],
    ["audit --write-baseline", ["audit", "project", "--write-baseline", "/dev/full"]],
    ["audit --format sarif --output", ["audit", "project", "--format", "sarif", "--output", "/dev/full"]],
    ["cost --output", ["cost", "project", "--output", "/dev/full"]],
    ["cost --html", ["cost", "project", "--html", "/dev/full"]],
  ])("%s to a full disk (/dev/full): ENOSPC", async (_, args) => {
    expectEnvironmentError(await runCli(planted, args), ["ENOSPC"], "/dev/full");
  });

  it.each([
    ["audit --output", "--output"],
    ["audit --write-baseline", "--write-baseline"],
  ])("%s under a regular file: ENOTDIR", async (_, flag) => {
    const file = path.join(planted.out, "a-file/report.json");
    expectEnvironmentError(await runCli(planted, ["audit", "project", flag, file]), ["ENOTDIR"], file);
  });

  it("cost --html under a regular file: ENOTDIR", async () => {
    const file = path.join(planted.out, "a-file/cost.html");
    expectEnvironmentError(await runCli(planted, ["cost", "project", "--html", file]), ["ENOTDIR"], file);
  });

  it("audit --output with a 300-character folder name: ENAMETOOLONG", async () => {
    const file = path.join(planted.out, LONG, "report.json");
    expectEnvironmentError(await runCli(planted, ["audit", "project", "--output", file]), ["ENAMETOOLONG"]);
  });

  it("audit --output naming a folder: EISDIR", async () => {
    expectEnvironmentError(await runCli(planted, ["audit", "project", "--output", planted.out]), ["EISDIR"], planted.out);
  });

  it.skipIf(!existsSync("/sys/kernel"))("audit --output into /sys, which refuses new files even to root: EACCES", async () => {
    expectEnvironmentError(await runCli(planted, ["audit", "project", "--output", "/sys/coldstart-report.json"]), ["EACCES", "EPERM"], "/sys/coldstart-report.json");
  });

  it("a step summary that cannot be written is a warning: the report and the verdict stand", async () => {
    const run = await runCli(planted, ["audit", "project"], { env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: "/dev/full" } });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stdout).toContain("edge/node-global");
    const lines = run.stderr.split("\n").filter((line) => line.startsWith("coldstart:"));
    expect(lines).toEqual([expect.stringContaining("GITHUB_STEP_SUMMARY (/dev/full): no space left on device (ENOSPC).")]);
  });
});

describe("stdout the machine refuses", () => {
  it.each([
    ["audit", ["audit", "project"]],
    ["audit --format json", ["audit", "project", "--format", "json"]],
    ["cost", ["cost", "project"]],
    ["choose --yes", ["choose", "--yes", "--workload", "api"]],
    ["create --dry-run", ["create", "out/dry", ...CREATE, "--dry-run"]],
  ])("%s > /dev/full: exit 2, one line, no stack trace", async (_, args) => {
    expectEnvironmentError(await runCli(planted, args, { stdoutFile: "/dev/full" }), ["ENOSPC"], "stdout");
  });

  it("a reader that stops early (| head, EPIPE) ends it quietly with the verdict, not 0 and not 2", async () => {
    const child = spawn(process.execPath, [cliPath, "audit", "project", "--format", "json"], {
      cwd: planted.base,
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Closing our end before the report is written makes its first write fail with EPIPE.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/coldstart:|internal error|^\s+at /m);
    expect(code, stderr).toBe(1);
  });
});

describe("create where the machine refuses the folder", () => {
  it("under a regular file: ENOTDIR, nothing left behind", async () => {
    const run = await runCli(planted, ["create", "out/a-file/api", ...CREATE]);
    expectEnvironmentError(run, ["ENOTDIR"], path.join(planted.out, "a-file/api"));
    expect(staging(planted.out)).toEqual([]);
  });

  it("a 300-character folder name: ENAMETOOLONG, nothing left behind", async () => {
    const run = await runCli(planted, ["create", `out/${LONG}`, ...CREATE]);
    expectEnvironmentError(run, ["ENAMETOOLONG"]);
    expect(readdirSync(planted.out).filter((name) => name.includes("aaaa"))).toEqual([]);
  });

  it.skipIf(!existsSync("/sys/kernel"))("inside /sys, where nothing can be created even by root: one line, nothing left behind", async () => {
    const run = await runCli(planted, ["create", "/sys/kernel/coldstart-api", ...CREATE]);
    expectEnvironmentError(run, ["EPERM", "EACCES"], "/sys/kernel/coldstart-api");
    expect(run.stderr).toContain("Nothing was written.");
    expect(staging("/sys/kernel")).toEqual([]);
  });
});

/**
 * A real full or read-only disk: a tmpfs mounted in a private mount namespace (`unshare -rm`, no root
 * needed where user namespaces are allowed). The listing is taken inside, before the mount goes away.
 */
describe("on a real small or read-only disk", () => {
  let canMount = false;
  beforeAll(async () => {
    const probe = await execa("unshare", ["-rm", "sh", "-c", 'mount -t tmpfs -o size=8k tmpfs "$1"', "sh", planted.out], { reject: false });
    canMount = probe.exitCode === 0;
  });

  async function onTmpfs(options: string, args: (mount: string) => string[]): Promise<{ run: CliRun; left: string }> {
    const mount = path.join(planted.base, `mnt-${options.replace(/\W/g, "")}`);
    mkdirSync(mount, { recursive: true });
    const listing = path.join(planted.base, `left-${options.replace(/\W/g, "")}.txt`);
    const script = `mount -t tmpfs -o ${options} tmpfs "$1" || exit 99; shift; "$@"; rc=$?; ls -A "${mount}" > "${listing}"; exit $rc`;
    const cliArgs = args(mount);
    const result = await execa("unshare", ["-rm", "sh", "-c", script, "sh", mount, process.execPath, cliPath, ...cliArgs], {
      reject: false,
      cwd: planted.base,
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
      timeout: 60_000,
    });
    const run: CliRun = { args: cliArgs, exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), ms: 0, timedOut: result.timedOut };
    return { run, left: existsSync(listing) ? readFileSync(listing, "utf8").trim() : "(not listed)" };
  }

  it("create on a full disk: ENOSPC while staging, the staging folder removed", async (ctx) => {
    if (!canMount) ctx.skip();
    const { run, left } = await onTmpfs("size=8k", (mount) => ["create", path.join(mount, "api"), ...CREATE]);
    expectEnvironmentError(run, ["ENOSPC"]);
    expect(run.stderr).toContain("Nothing was written.");
    expect(left).toBe("");
  });

  it("create on a read-only disk: EROFS, nothing written", async (ctx) => {
    if (!canMount) ctx.skip();
    const { run, left } = await onTmpfs("ro", (mount) => ["create", path.join(mount, "api"), ...CREATE]);
    expectEnvironmentError(run, ["EROFS"]);
    expect(left).toBe("");
  });

  it("audit --output on a read-only disk: EROFS", async (ctx) => {
    if (!canMount) ctx.skip();
    const { run } = await onTmpfs("ro", (mount) => ["audit", "project", "--output", path.join(mount, "report.json")]);
    expectEnvironmentError(run, ["EROFS"], "report.json");
  });
});

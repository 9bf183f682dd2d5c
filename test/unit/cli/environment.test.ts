import { writeFileSync } from "node:fs";
import { constants } from "node:os";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { environmentError } from "../../../src/cli/environment.js";
import { main } from "../../../src/cli/main.js";
import { EnvironmentError } from "../../../src/errors.js";

/**
 * The boundary's wording of OS refusals. Codes that cannot be caused reliably here (EROFS and EDQUOT
 * need a special mount, EACCES is not refused to root, EMFILE/EIO need a broken machine) are built
 * the way Node builds them: an Error with errno, code, syscall and path. ENOSPC comes from /dev/full.
 */
function errno(code: keyof typeof constants.errno, syscall: string, file?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall}${file ? ` '${file}'` : ""}`);
  return Object.assign(error, { errno: -constants.errno[code], code, syscall, ...(file ? { path: file } : {}) });
}

function realEnospc(): NodeJS.ErrnoException {
  try {
    writeFileSync("/dev/full", "x");
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error("/dev/full accepted a write");
}

describe("environmentError", () => {
  it.each([
    [errno("EROFS", "open", "/ro/report.json"), "cannot open /ro/report.json: read-only file system (EROFS). Choose a place on a writable disk."],
    [errno("EACCES", "mkdir", "/srv/out"), "cannot create /srv/out: permission denied (EACCES). Check its permissions, or choose a place you can write to."],
    [errno("EPERM", "rename", "/a"), "cannot move /a: operation not permitted (EPERM)."],
    [errno("EDQUOT", "write"), "cannot write: disk quota exceeded (EDQUOT). Free some space or ask for a larger quota."],
    [errno("EMFILE", "open", "/p/src/a.ts"), "cannot open /p/src/a.ts: too many open files (EMFILE). Raise the open-file limit (ulimit -n)"],
    [errno("ENFILE", "scandir", "/p/src"), "cannot list /p/src: too many open files in the system (ENFILE)."],
    [errno("EIO", "read"), "cannot read: input/output error (EIO)."],
  ])("words %s", (error, start) => {
    const result = environmentError(error);
    expect(result).toBeInstanceOf(EnvironmentError);
    expect(result?.exitCode).toBe(2);
    expect(result?.message.startsWith(start), result?.message).toBe(true);
    expect(result?.message).not.toContain("\n");
  });

  it("a real ENOSPC, named as the caller sees it", () => {
    const result = environmentError(realEnospc(), { action: "cannot write", target: "coldstart.sarif", after: "Nothing else was written." });
    expect(result?.message).toBe("cannot write coldstart.sarif: no space left on device (ENOSPC). Free some space or choose another disk. Nothing else was written.");
  });

  it("finds the errno error behind a wrapper, and leaves everything else alone", () => {
    expect(environmentError(new Error("bundling failed", { cause: errno("EMFILE", "open", "/x") }))?.message).toContain("(EMFILE)");
    expect(environmentError(errno("ENOENT", "open", "/x"))).toBeUndefined();
    expect(environmentError(new TypeError("x is undefined"))).toBeUndefined();
    expect(environmentError("EACCES")).toBeUndefined();
  });
});

/** A stdout that fails every write with `error`, as a full disk or a vanished terminal does. */
function failingStdout(error: NodeJS.ErrnoException): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done(error) });
}

async function choose(stdout: Writable) {
  const err: string[] = [];
  const stderr = new PassThrough();
  stderr.on("data", (chunk: Buffer) => err.push(chunk.toString()));
  const code = await main(["choose", "--yes", "--workload", "api"], { io: { stdout, stderr, stdin: new PassThrough(), interactive: false, env: {} } });
  process.exitCode = undefined;
  return { code, stderr: err.join("") };
}

describe("stdout that cannot be written", () => {
  it.each(["EIO", "EDQUOT", "ENOSPC"] as const)("%s: exit 2 and one line naming stdout", async (code) => {
    const result = await choose(failingStdout(errno(code, "write")));
    expect(result.code).toBe(2);
    const lines = result.stderr.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^coldstart: cannot write to stdout: .+ \\(${code}\\)\\. `));
  });

  it("EPIPE (the reader went away): quiet, and the command's own exit code", async () => {
    const result = await choose(failingStdout(errno("EPIPE", "write")));
    expect(result).toEqual({ code: 0, stderr: "" });
  });
});

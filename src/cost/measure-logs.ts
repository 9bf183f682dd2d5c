/**
 * What `--measure` tells the bill beyond time: the bytes a Lambda handler logs (CloudWatch Logs
 * ingestion) and the bytes a function answers with (Vercel's Fast Origin and Fast Data Transfer).
 *
 * Lambda's text log format (the default), as shown at
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html (taken 2026-12-06): each console
 * call becomes one log line prefixed "<ISO timestamp>\t<request id>\t<LEVEL>\t"; each invocation adds
 * a START, an END and a REPORT line. Output written straight to stdout gets no prefix.
 */
import type { LineSource, Measured } from "./types.js";

/** Request ids are UUIDs: 36 characters. */
const REQUEST_ID = "00000000-0000-4000-8000-000000000000";

/** "2026-12-06T02:33:29.496Z\t<request id>\tINFO\t". */
export const LOG_LINE_PREFIX_BYTES = Buffer.byteLength(`${new Date(0).toISOString()}\t${REQUEST_ID}\tINFO\t`);

/** START, END and REPORT of one warm invocation, with typical figures. */
export const PLATFORM_LINES_BYTES = Buffer.byteLength(
  [
    `START RequestId: ${REQUEST_ID} Version: $LATEST`,
    `END RequestId: ${REQUEST_ID}`,
    `REPORT RequestId: ${REQUEST_ID}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t`,
    "",
  ].join("\n"),
);

const bytes = (n: number) => Math.round(n).toLocaleString("en-US");

/** Lambda's log bytes per invocation from a measurement: the handler's lines plus the platform's, or undefined when not measured. */
export function measuredLogs(m: Measured | undefined): { bytesPerInvocation: number; source: LineSource } | undefined {
  if (m?.logBytes === undefined) return undefined;
  const bytesPerInvocation = Math.round(m.logBytes + PLATFORM_LINES_BYTES);
  const detail = `${bytes(m.logBytes)} bytes the handler logged per warm run (its output plus Lambda's ${LOG_LINE_PREFIX_BYTES}-byte prefix per console line${weighted(m)}) and ${PLATFORM_LINES_BYTES} bytes of START, END and REPORT lines (Lambda's text log format assumed)`;
  return { bytesPerInvocation, source: { kind: "measured", detail } };
}

/** Response bytes from a measurement, for a function measured on the platform it is priced on. */
export function measuredResponse(m: Measured | undefined): { responseBytes: number; source: LineSource } | undefined {
  if (m?.responseBytes === undefined) return undefined;
  const responseBytes = Math.round(m.responseBytes);
  return { responseBytes, source: { kind: "measured", detail: `${bytes(responseBytes)} bytes per response body, as the handler answered${weighted(m)} (uncompressed)` } };
}

function weighted(m: Measured): string {
  const n = m.inputs?.length ?? 1;
  return n > 1 ? `, the mix of ${n} inputs ${m.weighting?.from === "config" ? "weighted by config" : "weighted alike"}` : "";
}

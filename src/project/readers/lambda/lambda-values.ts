import { isRecord } from "../../context.js";

export type Resolved<T> = { kind: "value"; value: T } | { kind: "unresolved" } | { kind: "absent" };

/**
 * A CloudFormation value as a number: literals, numeric strings, and `!Ref` to a parameter with a
 * Default. Anything else (`!If`, `${ssm:...}`) is written but unknown: `unresolved`.
 */
export function resolveNumber(value: unknown, parameters: Record<string, unknown> = {}): Resolved<number> {
  if (value === undefined || value === null) return { kind: "absent" };
  const v = resolveRef(value, parameters);
  if (typeof v === "number" && Number.isFinite(v)) return { kind: "value", value: v };
  if (typeof v === "string" && /^\s*\d+(\.\d+)?\s*$/.test(v)) return { kind: "value", value: Number(v) };
  return { kind: "unresolved" };
}

export function resolveString(value: unknown, parameters: Record<string, unknown> = {}): Resolved<string> {
  if (value === undefined || value === null) return { kind: "absent" };
  const v = resolveRef(value, parameters);
  if (typeof v === "string" && !v.includes("${")) return { kind: "value", value: v };
  return { kind: "unresolved" };
}

/** The families of Lambda's runtime identifiers (nodejs24.x, python3.14, java21, provided.al2023...). */
const RUNTIME_ID = /^(nodejs|python|java|dotnet|ruby|go|provided)[\w.]*$/;

/**
 * A function's runtime: as resolveString, but a value that names no Lambda runtime (`NODEJS_VERSION`,
 * a placeholder a script fills in before deploying) is unresolved: not taken for another language.
 */
export function resolveRuntime(value: unknown, parameters: Record<string, unknown> = {}): Resolved<string> {
  const resolved = resolveString(value, parameters);
  return resolved.kind === "value" && !RUNTIME_ID.test(resolved.value.trim()) ? { kind: "unresolved" } : resolved;
}

function resolveRef(value: unknown, parameters: Record<string, unknown>): unknown {
  if (isRecord(value) && typeof value.Ref === "string") {
    const param = parameters[value.Ref];
    return isRecord(param) ? param.Default : undefined;
  }
  return value;
}

/** The logical id an intrinsic points at: `!Ref Fn`, `!GetAtt Fn.Arn`, or a plain id. */
export function referencedId(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === "string") return value.Ref;
  const getAtt = value["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
  if (typeof getAtt === "string") return getAtt.split(".")[0];
  return undefined;
}

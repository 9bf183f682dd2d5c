/**
 * A small JSON Schema (draft-04) validator covering the keywords the SARIF 2.1.0 schema uses:
 * $ref (local), type, properties, required, additionalProperties, items, minItems, uniqueItems,
 * enum, minimum, maximum, pattern, anyOf, oneOf, format (uri, uri-reference, date-time).
 */
type Schema = Record<string, unknown>;

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, "$", errors);
  return errors;
}

function resolve(root: Schema, schema: Schema): Schema {
  let s = schema;
  while (typeof s.$ref === "string") {
    const ref = s.$ref;
    if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
    s = ref.slice(2).split("/").reduce<Schema>((node, key) => node[key] as Schema, root);
  }
  return s;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function check(root: Schema, raw: Schema, value: unknown, at: string, errors: string[]): void {
  const s = resolve(root, raw);
  const actual = typeOf(value);
  if (s.type !== undefined) {
    const types = ([] as string[]).concat(s.type as string | string[]);
    const ok = types.some((t) => t === actual || (t === "number" && actual === "integer"));
    if (!ok) {
      errors.push(`${at}: expected ${types.join("|")}, got ${actual}`);
      return;
    }
  }
  if (s.enum && !(s.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  }
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) errors.push(`${at}: ${value} < minimum ${s.minimum}`);
    if (typeof s.maximum === "number" && value > s.maximum) errors.push(`${at}: ${value} > maximum ${s.maximum}`);
  }
  if (typeof value === "string") {
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)) errors.push(`${at}: does not match ${s.pattern}`);
    if (s.format === "uri" && !/^[a-z][a-z0-9+.-]*:/i.test(value)) errors.push(`${at}: not an absolute URI: ${value}`);
    if (s.format === "uri-reference" && /\s|\\/.test(value)) errors.push(`${at}: not a URI reference: ${value}`);
    if (s.format === "date-time" && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems) errors.push(`${at}: fewer than ${s.minItems} items`);
    if (s.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) errors.push(`${at}: items not unique`);
    if (s.items) value.forEach((item, i) => check(root, s.items as Schema, item, `${at}[${i}]`, errors));
  }
  if (actual === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of (s.required as string[] | undefined) ?? []) {
      if (!(key in obj)) errors.push(`${at}: missing required ${key}`);
    }
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, v] of Object.entries(obj)) {
      if (props[key]) check(root, props[key], v, `${at}.${key}`, errors);
      else if (s.additionalProperties === false) errors.push(`${at}: unexpected property ${key}`);
      else if (typeof s.additionalProperties === "object") check(root, s.additionalProperties as Schema, v, `${at}.${key}`, errors);
    }
  }
  for (const [keyword, need] of [["anyOf", "any"], ["oneOf", "one"]] as const) {
    const options = s[keyword] as Schema[] | undefined;
    if (!options) continue;
    const passing = options.filter((o) => {
      const sub: string[] = [];
      check(root, o, value, at, sub);
      return sub.length === 0;
    }).length;
    if (need === "any" ? passing === 0 : passing !== 1) errors.push(`${at}: ${keyword} matched ${passing} schemas`);
  }
}

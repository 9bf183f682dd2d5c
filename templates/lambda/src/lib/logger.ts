type Level = "DEBUG" | "INFO" | "WARN" | "ERROR";

const RANK: Record<Level, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 };

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

// Lambda sets AWS_LAMBDA_LOG_LEVEL from the function's LoggingConfig.ApplicationLogLevel;
// LOG_LEVEL serves elsewhere (OFF silences the tests).
function threshold(): number {
  const wanted = (process.env.AWS_LAMBDA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? "INFO").toUpperCase();
  if (wanted === "OFF") return Number.POSITIVE_INFINITY;
  return wanted in RANK ? RANK[wanted as Level] : RANK.INFO;
}

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

/**
 * One JSON object per line on stdout, which CloudWatch Logs Insights can query field by field.
 * Written directly rather than through console.*, so the line stays the same JSON whether the
 * function's log format is Text or JSON.
 */
export function createLogger(base: Fields = {}): Logger {
  const write = (level: Level, message: string, fields: Fields = {}) => {
    if (RANK[level] < threshold()) return;
    const entry: Fields = { timestamp: new Date().toISOString(), level, message, ...base };
    for (const [key, value] of Object.entries(fields)) entry[key] = serialize(value);
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (message, fields) => write("DEBUG", message, fields),
    info: (message, fields) => write("INFO", message, fields),
    warn: (message, fields) => write("WARN", message, fields),
    error: (message, fields) => write("ERROR", message, fields),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

export const logger = createLogger({ service: process.env.AWS_LAMBDA_FUNCTION_NAME ?? "{{name}}" });

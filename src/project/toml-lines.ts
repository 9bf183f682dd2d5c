/**
 * smol-toml returns values without positions, so lines come from a light scan of the text:
 * table headers set the current table, and `key =` lines are matched within it.
 */
export function tomlLineFinder(text: string): (path: string[]) => number | undefined {
  const lines = text.split(/\r?\n/);
  const tableOfLine: string[] = [];
  let table = "";
  for (const raw of lines) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(raw);
    if (header) table = normalize(header[1]!);
    tableOfLine.push(table);
  }
  const keyLine = (tableName: string, key: string): number | undefined => {
    const re = new RegExp(`^\\s*(?:"${escape(key)}"|'${escape(key)}'|${escape(key)})\\s*=`);
    for (let i = 0; i < lines.length; i++) {
      if (tableOfLine[i] === tableName && re.test(lines[i]!)) return i + 1;
    }
    return undefined;
  };
  const headerLine = (tableName: string): number | undefined => {
    for (let i = 0; i < lines.length; i++) {
      const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(lines[i]!);
      if (header && normalize(header[1]!) === tableName) return i + 1;
    }
    return undefined;
  };
  return (path) => {
    // Try `[a.b] key = ...`, then an inline table `[a] b = { key = ... }`, then a `[a.b.key]` header.
    for (let split = path.length - 1; split >= 0; split--) {
      const line = keyLine(path.slice(0, split).join("."), path[split]!);
      if (line !== undefined) return line;
    }
    return headerLine(path.join("."));
  };
}

function normalize(name: string): string {
  return name
    .split(".")
    .map((part) => part.trim().replace(/^["']|["']$/g, ""))
    .join(".");
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

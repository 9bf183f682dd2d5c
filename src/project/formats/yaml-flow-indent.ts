/**
 * PyYAML (behind SAM CLI and cfn-lint) accepts a flow collection whose continuation lines sit no
 * deeper than the key that opened it:
 *
 *     Resource: [
 *     "arn:aws:s3:::a",
 *     ]
 *
 * The YAML spec and the `yaml` library reject it (BAD_INDENT). This makes a copy in which every line
 * inside an open flow collection is indented one column past the line that opened it. Lines are only
 * ever prefixed with spaces, so line numbers stay the same and `shift[i]` says how far line i moved.
 */
export function indentFlowContinuations(text: string): { text: string; shift: number[] } | undefined {
  const lines = text.split("\n");
  const shift = lines.map(() => 0);
  const scan = new FlowScanner();
  lines.forEach((line, i) => {
    const indent = /^ */.exec(line)![0].length;
    if (scan.depth > 0 && indent <= scan.openerIndent && line.trim() !== "") {
      shift[i] = scan.openerIndent + 1 - indent;
      lines[i] = " ".repeat(shift[i]) + line;
    }
    scan.line(line, indent);
  });
  return shift.some((s) => s > 0) ? { text: lines.join("\n"), shift } : undefined;
}

const BLOCK_SCALAR = /^[|>][0-9+-]*\s*(#.*)?$/;

/** Follows flow nesting line by line, skipping quoted text, comments and block scalars. */
class FlowScanner {
  depth = 0;
  openerIndent = 0;
  private quote: "'" | '"' | undefined;
  /** Lines deeper than this continue a block or plain scalar, so their brackets are text. */
  private scalarIndent: number | undefined;

  line(line: string, indent: number): void {
    if (this.scalarIndent !== undefined) {
      if (line.trim() === "" || indent > this.scalarIndent) return;
      this.scalarIndent = undefined;
    }
    let pos = indent;
    if (this.quote) {
      pos = this.closeQuote(line, 0);
      if (this.quote || this.depth === 0) return;
    }
    if (this.depth === 0) {
      pos = this.blockValue(line, pos, indent);
      if (this.depth === 0) return;
    }
    this.flow(line, pos);
  }

  /** In block context a flow collection, quote or block scalar only counts at the start of a value. */
  private blockValue(line: string, start: number, indent: number): number {
    let pos = start;
    let afterKey = false;
    let node = start;
    // Indicators are stepped over by index: slicing the rest of the line for each one made a line
    // of a million `!t` tags quadratic.
    for (;;) {
      pos = skipSpaces(line, pos);
      const c = line[pos];
      if (c === undefined || c === "#" || c === "*") return line.length;
      if (!afterKey && c === "-" && (pos + 1 === line.length || /\s/.test(line[pos + 1]!))) {
        node = pos;
        pos += 1;
        continue;
      }
      if (c === "!" || c === "&") {
        while (pos < line.length && !/\s/.test(line[pos]!)) pos++;
        continue;
      }
      const rest = line.slice(pos);
      if (c === "[" || c === "{") {
        this.depth = 1;
        this.openerIndent = indent;
        return pos + 1;
      }
      if (c === "|" || c === ">") {
        if (BLOCK_SCALAR.test(rest.trimEnd())) this.scalarIndent = node;
        return line.length;
      }
      if (c === "'" || c === '"') {
        const quoteStart = pos;
        this.quote = c;
        pos = this.closeQuote(line, pos + 1);
        if (this.quote) return line.length;
        const key = /^\s*:(\s|$)/.exec(line.slice(pos));
        if (afterKey || !key) return line.length;
        node = quoteStart;
        pos += key[0].length;
        afterKey = true;
        continue;
      }
      const key = afterKey ? null : /:(\s|$)/.exec(rest);
      if (!key || /\s#/.test(rest.slice(0, key.index))) {
        this.scalarIndent = node;
        return line.length;
      }
      node = pos;
      pos += key.index + key[0].length;
      afterKey = true;
    }
  }

  private flow(line: string, start: number): void {
    for (let pos = start; pos < line.length && this.depth > 0; pos++) {
      const c = line[pos]!;
      const prev = pos === 0 ? " " : line[pos - 1]!;
      if ((c === "'" || c === '"') && /[\s[{,:]/.test(prev)) {
        this.quote = c;
        pos = this.closeQuote(line, pos + 1) - 1;
        if (this.quote) return;
      } else if (c === "#" && /\s/.test(prev)) return;
      else if (c === "[" || c === "{") this.depth++;
      else if (c === "]" || c === "}") this.depth--;
    }
  }

  /** Returns the position after the closing quote, or the line's end with the quote still open. */
  private closeQuote(line: string, start: number): number {
    for (let pos = start; pos < line.length; pos++) {
      const c = line[pos];
      if (this.quote === '"' && c === "\\") pos++;
      else if (c === this.quote) {
        if (this.quote === "'" && line[pos + 1] === "'") pos++;
        else {
          this.quote = undefined;
          return pos + 1;
        }
      }
    }
    return line.length;
  }
}

function skipSpaces(line: string, pos: number): number {
  while (pos < line.length && /\s/.test(line[pos]!)) pos++;
  return pos;
}

/**
 * A regular expression (RE2 syntax, which esbuild's Go filters use: no lookahead) matching every
 * string that starts with none of `prefixes`. esbuild then calls the boundary plugin only for
 * files outside the allowed folders, instead of once per file.
 */
export function notStartingWith(prefixes: readonly string[]): string {
  if (prefixes.length === 0) return "^";
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const prefix of prefixes) {
    let node = root;
    for (const ch of prefix) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  // Iterative post-order walk: a prefix is hundreds of characters at most, but recursion depth
  // should not depend on input at all.
  const memo = new Map<Node, string>();
  const stack: Array<{ node: Node; expanded: boolean }> = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (!top.expanded) {
      stack.push({ node: top.node, expanded: true });
      for (const child of top.node.next.values()) stack.push({ node: child, expanded: false });
      continue;
    }
    const { node } = top;
    if (node.end) {
      memo.set(node, ""); // everything below an allowed prefix is allowed: no match
      continue;
    }
    const chars = [...node.next.keys()];
    const branches = [`[^${chars.map(classEscape).join("")}]`, "$"];
    for (const [ch, child] of node.next) {
      const rest = memo.get(child)!;
      if (rest !== "") branches.push(`${literalEscape(ch)}${rest}`);
    }
    memo.set(node, chars.length === 0 ? "" : `(?:${branches.join("|")})`);
  }
  const body = memo.get(root)!;
  return body === "" ? "^\\b\\B" : `^${body}`;
}

function classEscape(ch: string): string {
  return /[\]\\^-]/.test(ch) ? `\\${ch}` : ch;
}

function literalEscape(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

// Facts: docs/rules/next/edge-runtime-deprecated.md (next.js PR #93369, runtime.mdx, proxy.mdx).
import { defineRule } from "../../define-rule.js";
import type { RawFinding } from "../../types.js";

export default defineRule({
  meta: {
    id: "next/edge-runtime-deprecated",
    description: "Edge runtime declared on Next.js 16 or later, where it is deprecated",
    defaultSeverity: "info",
    platforms: ["vercel"],
    runtimes: ["edge"],
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const { fn } of ctx.functions) {
      const v = fn.vercel;
      if (!v?.runtimeAt || v.nextMajor === undefined || v.nextMajor < 16) continue;
      const instead = v.kind === "middleware"
        ? "move this logic to proxy.ts, the Next.js 16 replacement for middleware, which runs on Node.js"
        : "remove the `runtime` export so the route runs on Node.js, the default, with the full Node.js API";
      findings.push({
        message: `This ${v.kind === "middleware" ? "middleware" : "route"} declares the edge runtime, which Next.js ${v.nextMajor} deprecates: \`next build\` warns about it and new platform features target the Node.js runtime. Instead, ${instead}.`,
        file: v.runtimeAt.file,
        line: v.runtimeAt.line,
        column: v.runtimeAt.column ?? 1,
        function: fn.id,
        fix: { description: `Instead, ${instead}.` },
      });
    }
    return findings;
  },
});

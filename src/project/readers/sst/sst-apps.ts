/**
 * Framework apps an SST v3 config deploys (`new sst.aws.Nextjs("Web", { path: "apps/web" })`): read
 * before the packages are scanned, so the framework's own reader knows its routes run on Lambda.
 */
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { positionAt, relativeTo } from "../../files.js";
import type { Boundary } from "../../source/boundary.js";
import { known, readProps, valueOf, type Src } from "../cdk/cdk-props.js";
import { sizeMb, SST_CONFIG, sstClass, sstSources } from "./sst-sources.js";
import type { Platform, SourceLocation } from "../../types.js";
import { literalValue, loadTs } from "../../source/typescript.js";

/** Components that build a framework app into Lambda functions (OpenNext for Next.js, the framework's SST adapter for the rest). */
const FRAMEWORK_APPS = new Set(["Nextjs", "Astro", "Remix", "Nuxt", "SvelteKit", "SolidStart", "TanstackStart", "TanStackStart", "Analog", "React"]);

/** Who deploys a package's framework app, and the server function's settings it writes. */
export interface DeployedBy {
  by: "SST";
  /** `sst.aws.Nextjs`. */
  component: string;
  /** The component's name (`MyWeb`): routes deployed together share it. */
  name: string;
  platform: Platform;
  at: SourceLocation;
  server: {
    memory?: { mb: number; at: SourceLocation };
    architecture?: "x86_64" | "arm64";
  };
}

/** Package folder (relative to the audited root, "." for the root) -> the SST framework app deployed from it. */
export async function sstFrameworkApps(root: string, files: string[], boundary: Boundary): Promise<Map<string, DeployedBy>> {
  const out = new Map<string, DeployedBy>();
  const configs = files.filter((f) => SST_CONFIG.test(path.posix.basename(f)) && !f.split("/").includes("node_modules"));
  if (configs.length === 0) return out;
  const ts = await loadTs();
  for (const rel of configs) {
    const configAbs = path.join(root, rel);
    for (const src of await sstSources(ts, configAbs, boundary, () => undefined)) {
      const visit = (node: TS.Node): void => {
        if (ts.isNewExpression(node)) {
          const cls = sstClass(ts, node.expression);
          if (cls?.startsWith("aws.") && FRAMEWORK_APPS.has(cls.slice(4))) {
            const app = readApp(ts, node, src, cls, root, path.dirname(configAbs));
            if (app && !out.has(app.dir)) out.set(app.dir, app.deployed);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(src.sf);
    }
  }
  return out;
}

function readApp(ts: typeof TS, node: TS.NewExpression, src: Src, cls: string, root: string, appDir: string): { dir: string; deployed: DeployedBy } | undefined {
  const at = (n: TS.Node): SourceLocation => ({ file: relativeTo(root, src.abs), ...positionAt(src.sf.text, n.getStart(src.sf)) });
  const nameArg = node.arguments?.[0];
  const name = nameArg ? literalValue(ts, valueOf(ts, { expr: nameArg, src, env: new Map() }).expr) : undefined;
  const props = node.arguments?.[1] ? readProps(ts, { expr: node.arguments[1], src, env: new Map() }) : undefined;
  const pathProp = props ? known(props, "path") : undefined;
  const written = pathProp ? literalValue(ts, valueOf(ts, pathProp.value).expr) : ".";
  if (typeof written !== "string") return undefined;
  const dir = relativeTo(root, path.resolve(appDir, written));
  if (dir.startsWith("..")) return undefined;
  const server = props ? known(props, "server") : undefined;
  const serverProps = server ? readProps(ts, server.value) : undefined;
  const memory = serverProps ? known(serverProps, "memory") : undefined;
  const memoryText = memory ? literalValue(ts, valueOf(ts, memory.value).expr) : undefined;
  const mb = typeof memoryText === "string" ? sizeMb(memoryText) : undefined;
  const arch = serverProps ? known(serverProps, "architecture") : undefined;
  const deployed: DeployedBy = {
    by: "SST",
    component: `sst.${cls}`,
    name: typeof name === "string" ? name : cls.slice(4),
    platform: "aws-lambda",
    at: at(node),
    server: {},
  };
  if (mb !== undefined) deployed.server.memory = { mb, at: at(memory!.node) };
  if (arch && literalValue(ts, valueOf(ts, arch.value).expr) === "arm64") deployed.server.architecture = "arm64";
  return { dir, deployed };
}


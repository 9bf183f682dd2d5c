import path from "node:path";
import { addNote, addProblem, loc, type ScanContext } from "../../context.js";
import { addFrameworkFunction, exportedHandlers, frameworkApp, located, readAllExports, type FrameworkApp } from "../shared/framework-functions.js";
import { decideTarget, packageLabel } from "../shared/framework-target.js";
import type { ModuleExports, Written } from "../../source/module-exports.js";

import { readSvelteKitConfig, type SvelteKitConfig } from "./sveltekit-config.js";
import { relativeTo } from "../../files.js";
import type { RuntimeKind } from "../../types.js";
import { dependencyRange, majorOf } from "../../source/package-json.js";

const ROUTE_FILE = /^\+(server|page\.server|layout\.server|page|layout)\.(ts|js)$/;
const PAGE_FILE = /^\+page(@[^.]*)?\.svelte$/;
/** Remote functions (SvelteKit 2.27+): any module under src whose name has a `remote` segment. */
const REMOTE_FILE = /(^|\.)remote\.(ts|js)$/;

const HANDLERS = {
  endpoint: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "fallback"],
  "page-server": ["load", "actions"],
  "layout-server": ["load"],
  // `init` runs once when the server starts, not per request.
  hooks: ["handle", "handleFetch", "handleError"],
} as const;

/** The files of one route folder. */
interface RouteDir {
  endpoint?: string;
  pageServer?: string;
  pageUniversal?: string;
  layoutServer?: string;
  layoutUniversal?: string;
  page: boolean;
}

/** Route or adapter options, each with the file it is written in. */
type Options = Map<string, { w: Written; abs: string }>;

export async function discoverSvelteKit(ctx: ScanContext): Promise<void> {
  const config = await readSvelteKitConfig(ctx);
  const dirs = routeDirs(ctx, config.routesDir);
  // A package without routes (a component library built with SvelteKit) deploys nothing.
  if (dirs.size === 0) return;
  const decision = decideTarget(ctx, config.names, config.choices, config.fallbackAt);
  if (!decision.decided) return;
  const abs = (rel: string) => path.join(ctx.pkgRoot, rel);
  const build = {
    alias: Object.fromEntries(Object.entries(config.alias).map(([key, rel]) => [key, abs(rel)])),
    external: ["$app/*", "$env/*", "$service-worker", "__sveltekit/*"],
  };
  const options = decision.decided.options;
  const wrangler = options.get("config")?.value;
  const app = await frameworkApp(ctx, "sveltekit", config.names, decision, typeof wrangler === "string" ? wrangler : undefined, build);
  const adapterOptions: Options = new Map([...options].map(([key, w]) => [key, { w, abs: path.resolve(ctx.root, decision.decided.at.file) }]));

  const rels = [...dirs.entries()].flatMap(([dir, d]) =>
    [d.endpoint, d.pageServer, d.pageUniversal, d.layoutServer, d.layoutUniversal].filter((f): f is string => f !== undefined).map((f) => joinRel(config.routesDir, dir, f)),
  );
  // `files.hooks.server` is written with or without its extension.
  const hooks = ctx.files.find((f) => [config.hooksServer, `${config.hooksServer}.ts`, `${config.hooksServer}.js`].includes(f) && /\.[jt]s$/.test(f));
  const remotes = ctx.files.filter((f) => f.startsWith(`${config.srcDir}/`) && REMOTE_FILE.test(path.posix.basename(f)) && !f.split("/").includes("server"));
  const exports = await readAllExports(ctx, [...rels, ...(hooks ? [hooks] : []), ...remotes]);
  const model = new RouteModel(ctx, config, dirs, exports, app, adapterOptions);
  model.add(hooks, remotes);
}

/** Route folders (relative to the routes folder, "" for the root) and their files. */
function routeDirs(ctx: ScanContext, routesDir: string): Map<string, RouteDir> {
  const dirs = new Map<string, RouteDir>();
  for (const rel of ctx.files) {
    if (!rel.startsWith(`${routesDir}/`)) continue;
    const inside = rel.slice(routesDir.length + 1);
    const base = path.posix.basename(inside);
    const dir = path.posix.dirname(inside) === "." ? "" : path.posix.dirname(inside);
    const m = ROUTE_FILE.exec(base);
    if (!m && !PAGE_FILE.test(base)) continue;
    const d = dirs.get(dir) ?? { page: false };
    dirs.set(dir, d);
    if (!m) d.page = true;
    else if (m[1] === "server") d.endpoint = base;
    else if (m[1] === "page.server") {
      d.pageServer = base;
      d.page = true;
    } else if (m[1] === "page") {
      d.pageUniversal = base;
      d.page = true;
    } else if (m[1] === "layout.server") d.layoutServer = base;
    else d.layoutUniversal = base;
  }
  return dirs;
}

function joinRel(routesDir: string, dir: string, file: string): string {
  return dir === "" ? `${routesDir}/${file}` : `${routesDir}/${dir}/${file}`;
}

/** `/blog/[slug]` from `(app)/blog/[slug]`: groups are not part of the URL. */
function routeOf(dir: string): string {
  const kept = dir.split("/").filter((s) => s !== "" && !(s.startsWith("(") && s.endsWith(")")));
  return `/${kept.join("/")}`;
}

function ancestors(dir: string): string[] {
  const parts = dir === "" ? [] : dir.split("/");
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}

/** How a route runs on its target: the Vercel function it is grouped into, or the app's Worker. */
interface Placement {
  runtime: RuntimeKind;
  unit: string | undefined;
  options: Options;
}

class RouteModel {
  private readonly prerendered: string[] = [];
  private readonly vercelMajor: number | undefined;

  constructor(
    private readonly ctx: ScanContext,
    private readonly config: SvelteKitConfig,
    private readonly dirs: Map<string, RouteDir>,
    private readonly exports: Map<string, ModuleExports>,
    private readonly app: FrameworkApp,
    private readonly adapterOptions: Options,
  ) {
    this.vercelMajor = majorOf(dependencyRange(ctx.packageJson, "@sveltejs/adapter-vercel"));
  }

  private rel(dir: string, file: string | undefined): string | undefined {
    return file === undefined ? undefined : joinRel(this.config.routesDir, dir, file);
  }

  private value(rel: string | undefined, name: string): Written | undefined {
    return rel === undefined ? undefined : this.exports.get(rel)?.values.get(name);
  }

  /** The nodes a page is rendered with: each layout from the root down, then the page itself (universal before server, as SvelteKit reads them). */
  private chain(dir: string): Array<[string | undefined, string | undefined]> {
    const out: Array<[string | undefined, string | undefined]> = ancestors(dir).map((a) => {
      const d = this.dirs.get(a);
      return [this.rel(a, d?.layoutUniversal), this.rel(a, d?.layoutServer)];
    });
    const d = this.dirs.get(dir);
    out.push([this.rel(dir, d?.pageUniversal), this.rel(dir, d?.pageServer)]);
    return out;
  }

  /** `prerender = true` decided for a page (the nearest node that sets it), or for an endpoint (its own). */
  private isPrerendered(dir: string, endpoint: boolean): boolean {
    let value: Written | undefined;
    if (endpoint) value = this.value(this.rel(dir, this.dirs.get(dir)?.endpoint), "prerender");
    else for (const [universal, server] of this.chain(dir)) value = this.value(universal, "prerender") ?? this.value(server, "prerender") ?? value;
    return value?.value === true;
  }

  /** The route's `config`: the layouts' merged with the page's (shallowly), or the endpoint's own. */
  private routeConfig(dir: string, endpoint: boolean): Options {
    const out: Options = new Map();
    const merge = (rel: string | undefined) => {
      for (const [key, w] of (rel && this.exports.get(rel)?.objects.get("config")) || []) out.set(key, { w, abs: path.join(this.ctx.pkgRoot, rel!) });
    };
    if (endpoint) merge(this.rel(dir, this.dirs.get(dir)?.endpoint));
    else {
      for (const [universal, server] of this.chain(dir)) {
        merge(server);
        merge(universal);
      }
    }
    return out;
  }

  /** The adapter's options, then the route's config over them: what adapter-vercel groups functions by. */
  private placement(route: Options): Placement {
    if (this.app.workers) return { runtime: "workerd", unit: this.app.workers.unit, options: route };
    const options: Options = new Map([...this.adapterOptions, ...route]);
    let runtime: RuntimeKind = options.get("runtime")?.w.value === "edge" ? "edge" : "nodejs";
    const runtimeAt = options.get("runtime");
    if (runtime === "edge" && this.vercelMajor !== undefined && this.vercelMajor >= 7) {
      addProblem(this.ctx, runtimeAt!.abs, runtimeAt!.w, `\`runtime: 'edge'\` is no longer supported by @sveltejs/adapter-vercel ${this.vercelMajor} and fails the build. Remove it (the route runs on Node.js), or keep @sveltejs/adapter-vercel 6 for the edge runtime`);
      runtime = "nodejs";
    }
    // adapter-vercel bundles the routes whose runtime, regions, memory, maxDuration and ISR agree into one function.
    const setting = (name: string) => {
      const value = options.get(name)?.w.value;
      return value === undefined ? undefined : `${name} ${Array.isArray(value) ? value.join(",") : String(value)}`;
    };
    const split = options.get("split")?.w.value === true;
    const group = [runtime, setting("regions"), setting("memory"), setting("maxDuration"), options.get("isr") ? "isr" : undefined].filter(Boolean).join(", ");
    return { runtime, unit: split ? undefined : `one Vercel function (${packageLabel(this.ctx)}: ${group})`, options };
  }

  add(hooks: string | undefined, remotes: string[]): void {
    const served = new Map<string, Placement[]>();
    const placements: Placement[] = [];
    const defaultPlacement = this.placement(new Map());
    for (const [dir, d] of this.dirs) {
      if (d.endpoint) {
        const rel = this.rel(dir, d.endpoint)!;
        if (this.isPrerendered(dir, true)) this.prerendered.push(rel);
        else {
          const placement = this.placement(this.routeConfig(dir, true));
          placements.push(placement);
          this.addFile(rel, "endpoint", routeOf(dir), placement);
        }
      }
      if (!d.page) continue;
      if (this.isPrerendered(dir, false)) {
        if (d.pageServer) this.prerendered.push(this.rel(dir, d.pageServer)!);
        continue;
      }
      const placement = this.placement(this.routeConfig(dir, false));
      placements.push(placement);
      for (const a of ancestors(dir)) served.set(a, [...(served.get(a) ?? []), placement]);
      if (d.pageServer) this.addFile(this.rel(dir, d.pageServer)!, "page-server", routeOf(dir), placement);
    }
    // A layout's load runs in every function that renders a page under it, on each of their runtimes.
    for (const [dir, d] of this.dirs) {
      if (!d.layoutServer) continue;
      const rel = this.rel(dir, d.layoutServer)!;
      const under = served.get(dir) ?? [];
      if (under.length === 0) this.prerendered.push(rel);
      else this.addShared(rel, "layout-server", routeOf(dir), under);
    }
    // Hooks run for every request, in the catch-all function too.
    if (hooks) this.addShared(hooks, "hooks", undefined, [defaultPlacement, ...placements]);
    for (const rel of remotes) this.addFile(rel, "remote-functions", undefined, defaultPlacement);
    const n = this.prerendered.length;
    if (n > 0) {
      const list = this.prerendered.slice(0, 5).join(", ") + (n > 5 ? `, and ${n - 5} more` : "");
      const what = n === 1
        ? "this server file's route at build time (`export const prerender = true` in it or a layout above it): its code runs during the build, not as a function, so it is not audited"
        : `${n} server files' routes at build time (\`export const prerender = true\` in them or a layout above them): their code runs during the build, not as functions, so they are not audited: ${list}`;
      addNote(this.ctx, path.join(this.ctx.pkgRoot, this.prerendered[0]!), 0, `SvelteKit prerenders ${what}`);
    }
  }

  private addShared(rel: string, role: keyof typeof HANDLERS, route: string | undefined, under: Placement[]): void {
    const runtimes = under.filter((p, i) => under.findIndex((q) => q.runtime === p.runtime) === i);
    runtimes.forEach((placement, i) => this.addFile(rel, role, route, placement, i === 0 ? undefined : `#${placement.runtime}`));
  }

  private addFile(rel: string, role: keyof typeof HANDLERS | "remote-functions", route: string | undefined, placement: Placement, idSuffix?: string): void {
    const exports = this.exports.get(rel);
    const handlers = role === "remote-functions" ? (exports?.names ?? []) : exportedHandlers(exports, HANDLERS[role]);
    const at = (name: string) => {
      const o = placement.options.get(name);
      return o ? located(this.ctx, o.abs, o.w) : undefined;
    };
    const runtimeAt = placement.options.get("runtime");
    const regions = placement.options.get("regions")?.w.value;
    const maxDuration = at("maxDuration");
    const memory = at("memory");
    addFrameworkFunction(this.ctx, this.app, {
      abs: path.join(this.ctx.pkgRoot, rel),
      role,
      route,
      handlers,
      runtime: placement.runtime,
      deployUnit: placement.unit,
      ...(idSuffix ? { idSuffix } : {}),
      vercel: {
        maxDuration: maxDuration && { seconds: maxDuration.value, at: maxDuration.at },
        memory: memory && { mb: memory.value, at: memory.at },
        runtimeAt: runtimeAt ? loc(this.ctx, runtimeAt.abs, runtimeAt.w) : undefined,
        regions: Array.isArray(regions) ? regions : typeof regions === "string" ? [regions] : undefined,
        advice: {
          maxDuration: `\`export const config = { maxDuration: 30 }\` to ${role === "hooks" || role === "remote-functions" ? "the routes it serves" : "this route file"}, or \`maxDuration: 30\` to the adapter's options in ${this.config.names.configFile} for every route`,
          leaveEdge: `run it on Node.js (remove \`runtime: 'edge'\` from ${runtimeAt && this.adapterOptions.get("runtime") !== runtimeAt ? `\`export const config\` in ${relativeTo(this.ctx.root, runtimeAt.abs)}` : `the adapter's options in ${this.config.names.configFile}`})`,
          edgeBundler: "SvelteKit's adapter-vercel",
        },
      },
    });
  }
}

// Facts: wrangler's config validation (workers-sdk packages/wrangler/src/config/validation.ts): `node_compat`
// is refused ("no longer supported as of Wrangler v4"); fields it no longer knows (`type`, `webpack_config`,
// `kv-namespaces`, `build.upload`) are "unexpected fields" and ignored (wrangler 3 still accepts `node_compat`, with a warning); `[site]` still deploys, deprecated in
// favour of Workers Static Assets; without `main` a Worker fails with "Missing entry-point".
import type { LegacyWranglerSetting, WorkersSettings } from "../../project/types.js";
import type { Severity } from "../types.js";
import { wranglerMajor } from "./workerd-tools.js";

interface LegacyAdvice {
  message: string;
  fix: string;
  /** The setting to write instead, in the config's own syntax (key, value). */
  instead?: [string, string];
  severity: Severity;
}

/** What wrangler 4 does with one wrangler v1 setting, and what to write instead. */
export function legacyAdvice(l: LegacyWranglerSetting, w: WorkersSettings): LegacyAdvice {
  const main = w.guessedMain;
  const entry = main ? ` coldstart audited ${main.value} (${main.from}), the entry wrangler v1 used.` : "";
  const addMain = main ? ` Add \`main = "${main.value}"\` (the Worker's source; wrangler bundles it with esbuild) and remove` : " Remove";
  switch (l.key) {
    case "type":
      return {
        message: `\`type = "${l.value}"\` is a wrangler v1 setting: wrangler 2 and later ignore it (wrangler 4 warns about an unexpected field) and no longer build with webpack${main ? ', and with no `main` wrangler 4 stops with "Missing entry-point"' : ""}.${entry}${addMain} \`type\`.`,
        fix: `${addMain.trim()} \`type\`.`,
        ...(main ? { instead: ["main", `"${main.value}"`] as [string, string] } : {}),
        severity: main ? "error" : "warning",
      };
    case "webpack_config":
      return {
        message: `\`webpack_config\` is a wrangler v1 setting: wrangler 2 and later ignore it and bundle with esbuild, so the webpack loaders and plugins it configures no longer run. Remove it; if the Worker needs webpack, run it as \`[build] command\` and point \`main\` at its output.`,
        fix: "Remove `webpack_config`, or run webpack as `[build] command` with `main` at its output.",
        severity: "warning",
      };
    case "node_compat": {
      const wrangler = wranglerMajor(w.tools);
      const until4 = wrangler && wrangler.major < 4 ? `wrangler ${wrangler.version} (${wrangler.installed ? "installed" : "as package.json asks"}) still accepts it with a deprecation warning, but ` : "";
      return {
        message: `\`node_compat\` is no longer supported as of wrangler 4: ${until4}wrangler 4 refuses the config. Remove it and add the \`nodejs_compat\` compatibility flag instead (with a compatibility_date of 2024-09-23 or later it provides Node.js APIs natively and polyfills the rest).`,
        fix: "Remove `node_compat` and add `nodejs_compat` to compatibility_flags.",
        instead: ["compatibility_flags", '["nodejs_compat"]'],
        severity: until4 ? "warning" : "error",
      };
    }
    case "site":
      return {
        message: `\`[site]\` (Workers Sites) is deprecated in favour of Workers Static Assets: wrangler 4 still deploys it, but through a KV namespace the Worker must read with @cloudflare/kv-asset-handler. Serve the folder as static assets instead: replace \`[site] bucket = "${l.value}"\` with \`[assets] directory = "${l.value}"\`.`,
        fix: `Replace \`[site]\` with \`[assets] directory = "${l.value}"\`.`,
        severity: "warning",
      };
    case "site.entry-point":
      return {
        message: `\`site.entry-point\` is deprecated: wrangler warns and still uses it as the Worker's entry, and refuses it together with \`main\`.${entry}${addMain} \`entry-point\`.`,
        fix: `${addMain.trim()} \`site.entry-point\`.`,
        ...(main ? { instead: ["main", `"${main.value}"`] as [string, string] } : {}),
        severity: "warning",
      };
    case "build.upload":
      return {
        message: `\`[build.upload]\` is a wrangler v1 setting: wrangler 2 and later ignore it (wrangler 4 warns about unexpected fields in \`build\`)${main ? ', so the entry it names is not deployed and wrangler 4 stops with "Missing entry-point"' : ""}.${entry}${addMain} \`[build.upload]\`; module rules go in \`rules\`.`,
        fix: `${addMain.trim()} \`[build.upload]\`.`,
        ...(main ? { instead: ["main", `"${main.value}"`] as [string, string] } : {}),
        severity: main ? "error" : "warning",
      };
    case "kv-namespaces":
      return {
        message: `\`kv-namespaces\` is wrangler v1's spelling: wrangler 2 and later do not read it (wrangler 4 warns about an unexpected field), so the Worker deploys without these KV bindings and \`env.<BINDING>\` is undefined when it runs. Rename it to \`kv_namespaces\`.`,
        fix: "Rename `kv-namespaces` to `kv_namespaces`.",
        severity: "error",
      };
  }
}

import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { InputError } from "../../../src/errors.js";
import { discoverProject } from "../../../src/project/discover.js";
import { writeProject } from "./_framework-fixtures.js";

const ROUTE = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';
const DOCKERFILE = "FROM node:22-slim\nCOPY .next/standalone ./\nCMD [\"node\", \"server.js\"]\n";

function app(config: string, files: Record<string, string> = {}, dependencies: Record<string, string> = {}): string {
  return writeProject({
    "package.json": JSON.stringify({ name: "web", private: true, dependencies: { next: "15.5.4", ...dependencies } }),
    "next.config.ts": config,
    "app/api/health/route.ts": ROUTE,
    ...files,
  });
}

const STANDALONE = 'import type { NextConfig } from "next";\n\nconst config: NextConfig = {\n  reactStrictMode: true,\n  output: "standalone",\n};\n\nexport default config;\n';
const ids = async (root: string, platforms?: Record<string, "vercel">) => (await discoverProject(root, platforms ? { platforms } : {})).functions.map((f) => f.id);

describe("a Next.js app that next.config's `output` deploys as something other than functions", () => {
  it("a standalone server with a Dockerfile and nothing tying it to Vercel: not audited, and the note says why and how to audit it", async () => {
    const root = app(STANDALONE, { Dockerfile: DOCKERFILE });
    const project = await discoverProject(root);
    expect(project.functions).toEqual([]);
    expect(project.notes).toEqual([
      {
        at: { file: "next.config.ts", line: 5, column: 3 },
        message:
          'this Next.js app builds a standalone Node.js server (`output: "standalone"` in next.config.ts, run by its Dockerfile), not serverless functions, so its routes are not audited. ' +
          'If you deploy it to Vercel (which ignores `standalone`), set `"platform": "vercel"` in coldstart\'s config',
      },
    ]);
    // With nothing else in the project, the audit is a clear input error that names the note (exit 2), not an empty success.
    const error = await runAudit({ root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).hint).toContain('next.config.ts:5: this Next.js app builds a standalone Node.js server');
  });

  it("the other container hosts count too (Railway, Fly.io, a named Dockerfile)", async () => {
    for (const file of ["railway.json", "fly.toml", "Dockerfile.prod", "web.Dockerfile", "Containerfile"]) {
      expect(await ids(app(STANDALONE, { [file]: "{}\n" })), file).toEqual([]);
    }
  });

  it("standalone, but the app is tied to Vercel (vercel.json, a Vercel-only package, the Vercel CLI) or has no container file: audited as Vercel functions", async () => {
    const expected = ["vercel:app/api/health/route.ts"];
    expect(await ids(app(STANDALONE, { Dockerfile: DOCKERFILE, "vercel.json": "{}\n" }))).toEqual(expected);
    expect(await ids(app(STANDALONE, { Dockerfile: DOCKERFILE }, { "@vercel/analytics": "^1.5.0" }))).toEqual(expected);
    expect(await ids(app(STANDALONE, { Dockerfile: DOCKERFILE }, { "@vercel/toolbar": "^0.1.36" }))).toEqual(expected);
    expect(await ids(app(STANDALONE, { Dockerfile: DOCKERFILE }, { vercel: "^48.0.0" }))).toEqual(expected);
    const scripted = writeProject({
      "package.json": JSON.stringify({ name: "web", scripts: { deploy: "next build && vercel deploy --prebuilt" }, dependencies: { next: "15.5.4" } }),
      "next.config.ts": STANDALONE,
      "app/api/health/route.ts": ROUTE,
      Dockerfile: DOCKERFILE,
    });
    expect(await ids(scripted)).toEqual(expected);
    expect(await ids(app(STANDALONE))).toEqual(expected);
  });

  it("coldstart's `platform` for the package decides over next.config", async () => {
    expect(await ids(app(STANDALONE, { Dockerfile: DOCKERFILE }), { ".": "vercel" })).toEqual(["vercel:app/api/health/route.ts"]);
  });

  it("an output chosen at build time, in a comment, or under another key is not read as the app's", async () => {
    const files = { Dockerfile: DOCKERFILE };
    const chosen = 'export default {\n  output: process.env.SELF_HOST === "true" ? "standalone" : undefined,\n};\n';
    const commented = '// output: "standalone" for Docker\nexport default {\n  reactStrictMode: true,\n};\n';
    const webpack = 'export default {\n  webpack(config) {\n    return { ...config, output: { ...config.output, path: "standalone" } };\n  },\n};\n';
    for (const config of [chosen, commented, webpack]) expect(await ids(app(config, files)), config).toEqual(["vercel:app/api/health/route.ts"]);
  });

  it("the config object wrapped by a plugin, or exported with module.exports, is read", async () => {
    const wrapped = 'import { withSentryConfig } from "@sentry/nextjs";\n\nconst nextConfig = { output: "standalone" };\n\nexport default process.env.CI ? withSentryConfig(nextConfig, { silent: true }) : nextConfig;\n';
    const cjs = "const nextConfig = {\n  output: 'standalone',\n};\n\nmodule.exports = nextConfig;\n";
    expect(await ids(app(wrapped, { Dockerfile: DOCKERFILE }))).toEqual([]);
    const root = writeProject({ "package.json": JSON.stringify({ name: "web", dependencies: { next: "15.5.4" } }), "next.config.js": cjs, "pages/api/hello.ts": "export default function handler(req, res) {\n  res.json({});\n}\n", Dockerfile: DOCKERFILE });
    const project = await discoverProject(root);
    expect(project.functions).toEqual([]);
    expect(project.notes?.[0]?.at).toEqual({ file: "next.config.js", line: 2, column: 3 });
  });

  it("a static export has no functions wherever it deploys, with or without a container file", async () => {
    const exported = 'const nextConfig = {\n  output: "export",\n  images: { unoptimized: true },\n};\n\nexport default nextConfig;\n';
    const project = await discoverProject(app(exported));
    expect(project.functions).toEqual([]);
    expect(project.notes).toEqual([
      {
        at: { file: "next.config.ts", line: 2, column: 3 },
        message:
          'this Next.js app is a static export (`output: "export"` in next.config.ts): it deploys as files, with no functions, so there is nothing to audit. ' +
          'If its routes do run as functions, set `"platform": "vercel"` in coldstart\'s config',
      },
    ]);
  });

  it("in a monorepo, the note is at the app's config and names the package's key", async () => {
    const root = writeProject({
      "package.json": JSON.stringify({ name: "repo", private: true, workspaces: ["apps/*"] }),
      "apps/web/package.json": JSON.stringify({ name: "web", dependencies: { next: "15.5.4" } }),
      "apps/web/next.config.ts": STANDALONE,
      "apps/web/Dockerfile": DOCKERFILE,
      "apps/web/app/api/health/route.ts": ROUTE,
      "apps/site/package.json": JSON.stringify({ name: "site", dependencies: { next: "15.5.4" } }),
      "apps/site/app/api/ping/route.ts": ROUTE,
    });
    const project = await discoverProject(root);
    expect(project.functions.map((f) => f.id)).toEqual(["vercel:apps/site/app/api/ping/route.ts"]);
    expect(project.notes?.map((n) => `${n.at.file}:${n.at.line}`)).toEqual(["apps/web/next.config.ts:5"]);
    expect(project.notes?.[0]?.message).toContain('set `"packages": { "apps/web": { "platform": "vercel" } }` in coldstart\'s config');
  });
});

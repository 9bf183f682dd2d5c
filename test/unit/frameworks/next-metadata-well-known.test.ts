import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { auditMatchesExpected, expectPricedPerFunction, frameworksDir } from "./_audit-fixture.js";

const NAME = "next-metadata-well-known";

describe("Next.js metadata routes and .well-known routes", () => {
  it("are functions with their segment runtime, route and handlers; pages and layouts are not", async () => {
    const project = await discoverProject(path.join(frameworksDir, NAME));
    const rows = project.functions.map((f) => [f.id, f.runtime, f.vercel?.kind, f.vercel?.route]);
    expect(rows).toEqual([
      ["vercel:app/.well-known/openid-configuration/route.ts", "nodejs", "app-route", "/.well-known/openid-configuration"],
      ["vercel:app/blog/[slug]/opengraph-image.tsx", "nodejs", "metadata-route", "/blog/[slug]/opengraph-image"],
      ["vercel:app/opengraph-image.tsx", "edge", "metadata-route", "/opengraph-image"],
      ["vercel:app/robots.ts", "nodejs", "metadata-route", "/robots.txt"],
      ["vercel:app/sitemap.ts", "nodejs", "metadata-route", "/sitemap.xml"],
    ]);
    const og = project.functions.find((f) => f.id === "vercel:app/opengraph-image.tsx")!;
    expect(og.handlers).toEqual(["default", "generateImageMetadata", "generateSitemaps"]);
    expect(og.vercel?.runtimeAt).toMatchObject({ file: "app/opengraph-image.tsx", line: 4 });
  });

  it("sees only .well-known among hidden folders, only under app/ or pages/, and not through a link out", async () => {
    const outside = mkdtempSync(path.join(tmpdir(), "coldstart-outside-"));
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-well-known-"));
    try {
      const route = "export async function GET() { return new Response('ok'); }\n";
      const write = (rel: string) => {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), route);
      };
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ dependencies: { next: "15.0.0" } }));
      write("app/.well-known/jwks.json/route.ts");
      write("app/.cache/stale/route.ts");
      write(".well-known/assetlinks/route.ts");
      mkdirSync(path.join(outside, "leak"), { recursive: true });
      writeFileSync(path.join(outside, "leak/route.ts"), route);
      mkdirSync(path.join(dir, "pages"));
      symlinkSync(outside, path.join(dir, "pages/.well-known"));
      const project = await discoverProject(dir);
      expect(project.functions.map((f) => f.id)).toEqual(["vercel:app/.well-known/jwks.json/route.ts"]);
      expect(project.notes?.map((n) => n.at.file)).toEqual(["pages/.well-known"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("finds exactly the planted problems (node:fs in an edge OG image, fetch without a timeout, a pool per request)", async () => {
    const result = await auditMatchesExpected(NAME);
    expect(result.functions).toHaveLength(5);
    await expectPricedPerFunction(NAME, result);
  });
});

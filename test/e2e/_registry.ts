import { execa } from "execa";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { repoRoot, tempDir } from "./_helpers.js";

const UPSTREAM = "https://registry.npmjs.org";

/**
 * Generated projects pin coldstart exactly (devDependencies.coldstart = this version), which the npm
 * registry does not have until it is published. This stand-in serves `coldstart` from the packed
 * tarball of this checkout and passes every other request to the real registry, so `npm install` in a
 * generated project resolves the exact version as it will once published.
 */
export async function startLocalRegistry(): Promise<{ url: string; server: Server }> {
  const out = tempDir("pack");
  // --ignore-scripts: `prepare` would rebuild dist/ under the feet of other runs; the tests build it first.
  const packed = await execa("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", out], { cwd: repoRoot });
  const filename = (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]?.filename;
  if (filename === undefined) throw new Error(`npm pack printed no file name: ${packed.stdout}`);
  const tarball = readFileSync(path.join(out, filename));
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { name: string; version: string };
  const tarballPath = `/${manifest.name}/-/${manifest.name}-${manifest.version}.tgz`;

  const server = createServer((request, response) => {
    const url = request.url ?? "/";
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url === `/${manifest.name}`) {
      const dist = {
        tarball: `${base}${tarballPath}`,
        shasum: createHash("sha1").update(tarball).digest("hex"),
        integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
      };
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ name: manifest.name, "dist-tags": { latest: manifest.version }, versions: { [manifest.version]: { ...manifest, dist } } }));
      return;
    }
    if (url === tarballPath) {
      response.setHeader("content-type", "application/octet-stream");
      response.end(tarball);
      return;
    }
    void fetch(`${UPSTREAM}${url}`, { headers: { accept: String(request.headers.accept ?? "*/*") } }).then(
      async (upstream) => {
        response.statusCode = upstream.status;
        response.setHeader("content-type", upstream.headers.get("content-type") ?? "application/octet-stream");
        response.end(Buffer.from(await upstream.arrayBuffer()));
      },
      (error: unknown) => {
        response.statusCode = 502;
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

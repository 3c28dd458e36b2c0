import fs from "node:fs/promises";
import path from "node:path";

/** Where `npm run build:cli` leaves the packed CLI, relative to the server's working directory. */
export const CLI_TARBALL = path.join("dist", "cli", "baton-cli.tgz");

/**
 * GET /downloads/baton-cli.tgz: the standalone CLI (`npm install -g ./baton-cli.tgz`) of this
 * very server, so a pipeline installs the client that matches the API it talks to. Public: it
 * holds no secret (the same code is in the repository), and a pipeline fetches it before it has
 * any credentials set up. 503 naming the build command when the server was not built with it.
 */
export async function cliPackageResponse(root: string = process.cwd()): Promise<Response> {
  const file = path.join(root, CLI_TARBALL);
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    return new Response("The CLI package was not built on this server: run `npm run build` (or `npm run build:cli`) in Baton's directory, then download again.\n", {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      "content-type": "application/gzip",
      "content-length": String(body.length),
      "content-disposition": 'attachment; filename="baton-cli.tgz"',
      "cache-control": "no-cache",
    },
  });
}

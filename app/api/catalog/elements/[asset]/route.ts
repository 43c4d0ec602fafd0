// Serves Stoplight Elements' web component and its styles straight from
// node_modules (not committed to public/), only to signed-in users, with a
// long private cache: the files change only when the package version does.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { withUser } from "@/lib/auth/route-handler";
import { notFound } from "@/lib/errors";

const ASSETS: Record<string, { file: string; type: string }> = {
  "web-components.min.js": { file: "web-components.min.js", type: "text/javascript; charset=utf-8" },
  "styles.min.css": { file: "styles.min.css", type: "text/css; charset=utf-8" },
};

export const GET = withUser<{ asset: string }>("any", async ({ params }) => {
  const asset = ASSETS[params.asset];
  if (!asset) throw notFound();
  const file = path.join(process.cwd(), "node_modules", "@stoplight", "elements", asset.file);
  const headers = { "content-type": asset.type, "cache-control": "private, max-age=31536000, immutable" };
  if (asset.file.endsWith(".css")) {
    // Elements ships an unlayered global reset (h1 { font-size: inherit } …),
    // and unlayered CSS beats Tailwind 4's layered utilities, which would
    // flatten our own headings on the docs page. Putting it in Tailwind's
    // `base` layer lets our utilities win while Elements' own sl-* classes
    // still beat the element resets inside its container.
    return new Response(`@layer base{${await readFile(file, "utf8")}}`, { headers });
  }
  const { size } = await stat(file);
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: { ...headers, "content-length": String(size) },
  });
});

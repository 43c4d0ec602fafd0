// Serves Stoplight Elements' web component and its styles straight from
// node_modules (not committed to public/), only to signed-in users, with a
// long private cache: the files change only when the package version does.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
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
  const { size } = await stat(file);
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: { "content-type": asset.type, "content-length": String(size), "cache-control": "private, max-age=31536000, immutable" },
  });
});

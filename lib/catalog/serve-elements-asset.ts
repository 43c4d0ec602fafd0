// Elements' web component and styles (not committed to public/), only to
// signed-in users, pre-compressed (elements-assets.ts): brotli when the
// browser takes it, else gzip. The URL carries the assets' content hash, so
// a matching `v` is cached for a year as immutable; any other `v` is served
// but not cached.
//
// Next.js drops Content-Encoding from a route handler's response (its
// send-response.ts forbids the header, then gzips the body itself), so
// scripts/start.ts answers these URLs before Next.js does, through
// `serveElementsAssetOverNode`; the route handler in app/ only serves
// unencoded bytes, for a portal run by `next` alone.
import type { IncomingMessage, ServerResponse } from "node:http";
import { withUser } from "@/lib/auth/route-handler";
import { notFound } from "@/lib/errors";
import { ELEMENTS_ASSET_NAMES, elementsAssets, encodedElementsAsset, type ElementsAssetName } from "./elements-assets";

export const ELEMENTS_ASSET_PATH = "/api/catalog/elements/";

export const serveElementsAsset = withUser<{ asset: string }>("any", async ({ params, request }) => {
  if (!ELEMENTS_ASSET_NAMES.includes(params.asset as ElementsAssetName)) throw notFound();
  const { hash, assets } = elementsAssets();
  const asset = assets[params.asset as ElementsAssetName];
  const { encoding, body } = await encodedElementsAsset(asset, request.headers.get("accept-encoding"));
  const current = new URL(request.url).searchParams.get("v") === hash;
  const headers: Record<string, string> = {
    "content-type": asset.type,
    "content-length": String(body.length),
    "cache-control": current ? "private, max-age=31536000, immutable" : "private, no-cache",
    vary: "Accept-Encoding",
    "x-content-type-options": "nosniff",
  };
  if (encoding !== "identity") headers["content-encoding"] = encoding;
  return new Response(new Uint8Array(body), { headers });
});

/** For scripts/start.ts: answers an Elements asset URL on the raw socket; false for any other URL. */
export function serveElementsAssetOverNode(req: IncomingMessage, res: ServerResponse, origin: string): boolean {
  const url = new URL(req.url ?? "/", origin);
  if (req.method !== "GET" || !url.pathname.startsWith(ELEMENTS_ASSET_PATH)) return false;
  const asset = decodeURIComponent(url.pathname.slice(ELEMENTS_ASSET_PATH.length));
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  void serveElementsAsset(new Request(url, { headers }), { params: Promise.resolve({ asset }) })
    .then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  return true;
}

// Serves Stoplight Elements' web component and its styles (not committed to
// public/), only to signed-in users, pre-compressed (lib/catalog/
// elements-assets.ts): brotli when the browser takes it, else gzip. The URL
// carries the assets' content hash, so a matching `v` is cached for a year
// as immutable; any other `v` is served but not cached.
import { withUser } from "@/lib/auth/route-handler";
import { ELEMENTS_ASSET_NAMES, elementsAssets, encodedElementsAsset, type ElementsAssetName } from "@/lib/catalog/elements-assets";
import { notFound } from "@/lib/errors";

export const GET = withUser<{ asset: string }>("any", async ({ params, request }) => {
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
  };
  if (encoding !== "identity") headers["content-encoding"] = encoding;
  return new Response(new Uint8Array(body), { headers });
});

// Elements' assets when the portal runs under `next` alone; scripts/start.ts
// answers these URLs itself, pre-compressed (lib/catalog/serve-elements-asset.ts).
// Next.js drops a route handler's Content-Encoding, so only unencoded bytes
// may leave here (Next.js gzips them itself).
import { serveElementsAsset } from "@/lib/catalog/serve-elements-asset";

export function GET(request: Request, context: { params: Promise<{ asset: string }> }) {
  const headers = new Headers(request.headers);
  headers.delete("accept-encoding");
  return serveElementsAsset(new Request(request.url, { headers }), context);
}

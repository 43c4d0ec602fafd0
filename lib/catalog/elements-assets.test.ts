import { describe, expect, it } from "vitest";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { acceptedEncodings, elementsAssets, encodedElementsAsset } from "./elements-assets";
import { elementsAssetVersion } from "./elements-asset-version";

describe("Elements' assets, pre-compressed", () => {
  it("reads Accept-Encoding as RFC 9110 says: q=0 refuses, * stands for the rest", () => {
    expect([...acceptedEncodings("gzip, deflate, br, zstd")].sort()).toEqual(["br", "gzip"]);
    expect([...acceptedEncodings("gzip")]).toEqual(["gzip"]);
    expect([...acceptedEncodings("br;q=0, gzip;q=0.5")]).toEqual(["gzip"]);
    expect([...acceptedEncodings("*;q=0.1, gzip;q=0")]).toEqual(["br"]);
    expect([...acceptedEncodings("identity")]).toEqual([]);
    expect([...acceptedEncodings(null)]).toEqual([]);
  });

  it("serves brotli (smaller than gzip) or gzip, each decoding to the exact bytes, under a content hash", async () => {
    const { hash, assets } = elementsAssets();
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(elementsAssetVersion()).toBe(hash);
    const js = assets["web-components.min.js"];
    await Promise.all([js.encoded.br, js.encoded.gzip]);
    const br = await encodedElementsAsset(js, "gzip, deflate, br");
    const gz = await encodedElementsAsset(js, "gzip, deflate");
    const plain = await encodedElementsAsset(js, null);
    expect(br.encoding).toBe("br");
    expect(gz.encoding).toBe("gzip");
    expect(plain).toMatchObject({ encoding: "identity", body: js.identity });
    expect(brotliDecompressSync(br.body).equals(js.identity)).toBe(true);
    expect(gunzipSync(gz.body).equals(js.identity)).toBe(true);
    // The point of it: about 450 KB with brotli against about 600 KB with gzip (2 MB as shipped).
    expect(br.body.length).toBeLessThan(gz.body.length * 0.8);
    console.log(`web-components.min.js: ${js.identity.length} B, gzip ${gz.body.length} B, brotli ${br.body.length} B`);
    // Our CSS goes into Tailwind's base layer (see servedBytes).
    const css = assets["styles.min.css"];
    expect(css.identity.subarray(0, 12).toString()).toBe("@layer base{");
    expect(brotliDecompressSync((await encodedElementsAsset(css, "br")).body).equals(css.identity)).toBe(true);
  });
});

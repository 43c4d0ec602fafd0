import { elementsAssets } from "./elements-assets";

/** The content hash of Elements' served assets: the `v` of their URLs, so a new package version is fetched anew. */
export function elementsAssetVersion(): string {
  return elementsAssets().hash;
}

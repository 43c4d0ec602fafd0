import { readFileSync } from "node:fs";
import path from "node:path";

let cached: string | undefined;

/** The installed @stoplight/elements version: busts the browser cache of its assets on upgrade. */
export function elementsAssetVersion(): string {
  cached ??= (JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", "@stoplight", "elements", "package.json"), "utf8")) as { version: string }).version;
  return cached;
}

// Stoplight Elements' web component (2 MB) and styles, as the docs page
// loads them: the exact bytes served, their content hash (in the URL, so a
// year-long immutable cache is safe) and their brotli and gzip encodings.
// The encodings are made once, at build time (scripts/start.ts after
// `next build`), into the build folder beside the build's own assets; a
// process that finds them missing (dev, a build made without the step)
// makes them in the background at first use and writes them there for the
// next, serving gzip until brotli is ready.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

export type ElementsAssetName = "web-components.min.js" | "styles.min.css";
type Encoding = "br" | "gzip";
export type ElementsAsset = { type: string; identity: Buffer; encoded: Record<Encoding, Promise<Buffer>>; ready: Partial<Record<Encoding, Buffer>> };

const TYPES: Record<ElementsAssetName, string> = {
  "web-components.min.js": "text/javascript; charset=utf-8",
  "styles.min.css": "text/css; charset=utf-8",
};
export const ELEMENTS_ASSET_NAMES = Object.keys(TYPES) as ElementsAssetName[];

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const ENCODERS: Record<Encoding, (bytes: Buffer) => Promise<Buffer>> = {
  // Quality 11 on 2 MB takes seconds of one core: done once, in zlib's thread pool.
  br: (bytes) => brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }),
  gzip: (bytes) => gzipAsync(bytes, { level: 9 }),
};

/** The bytes the browser gets, before encoding. */
function servedBytes(name: ElementsAssetName): Buffer {
  const raw = readFileSync(path.join(process.cwd(), "node_modules", "@stoplight", "elements", name));
  if (name !== "styles.min.css") return raw;
  // Elements ships an unlayered global reset (h1 { font-size: inherit } …),
  // and unlayered CSS beats Tailwind 4's layered utilities, which would
  // flatten our own headings on the docs page. Putting it in Tailwind's
  // `base` layer lets our utilities win while Elements' own sl-* classes
  // still beat the element resets inside its container.
  return Buffer.concat([Buffer.from("@layer base{"), raw, Buffer.from("}")]);
}

type Prepared = { hash: string; assets: Record<ElementsAssetName, ElementsAsset> };
const key = Symbol.for("portico.elements-assets");

/** Where the encodings live: the build folder, which `next build` empties. */
const encodedDir = (hash: string) => path.join(process.cwd(), process.env.NEXT_DIST_DIR || ".next", "portico-elements", hash);

async function readOrEncode(dir: string, file: string, encode: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await readFile(path.join(dir, file));
  } catch {
    const encoded = await encode();
    // A read-only build folder still serves: the encoding stays in memory.
    await mkdir(dir, { recursive: true }).then(() => writeFile(path.join(dir, file), encoded)).catch(() => undefined);
    return encoded;
  }
}

/**
 * Every asset, one content hash for the set (the URL's `v`), and its
 * encodings: read from the build folder, or made in the background (the
 * hash, needed to render the docs page, never waits for them).
 */
export function elementsAssets(): Prepared {
  const g = globalThis as { [key]?: Prepared };
  if (g[key]) return g[key];
  const identities = Object.fromEntries(ELEMENTS_ASSET_NAMES.map((name) => [name, servedBytes(name)])) as Record<ElementsAssetName, Buffer>;
  const digest = createHash("sha256");
  for (const name of ELEMENTS_ASSET_NAMES) digest.update(name).update(identities[name]);
  const hash = digest.digest("hex").slice(0, 16);
  const dir = encodedDir(hash);
  const assets = Object.fromEntries(
    ELEMENTS_ASSET_NAMES.map((name) => {
      const identity = identities[name];
      const asset: ElementsAsset = { type: TYPES[name], identity, ready: {}, encoded: {} as ElementsAsset["encoded"] };
      for (const encoding of ["gzip", "br"] as const) {
        asset.encoded[encoding] = readOrEncode(dir, `${name}.${encoding === "br" ? "br" : "gz"}`, () => ENCODERS[encoding](identity));
        asset.encoded[encoding].then((bytes) => (asset.ready[encoding] = bytes), () => undefined);
      }
      return [name, asset];
    }),
  ) as Record<ElementsAssetName, ElementsAsset>;
  g[key] = { hash, assets };
  return g[key];
}

/**
 * The bytes and encoding to send: brotli when the browser takes it and it
 * is ready, else gzip (waited for: quick even when made afresh), else none.
 */
export async function encodedElementsAsset(asset: ElementsAsset, acceptEncoding: string | null): Promise<{ encoding: Encoding | "identity"; body: Buffer }> {
  const accepted = acceptedEncodings(acceptEncoding);
  if (accepted.has("br") && (asset.ready.br || !accepted.has("gzip"))) return { encoding: "br", body: await asset.encoded.br };
  if (accepted.has("gzip")) return { encoding: "gzip", body: await asset.encoded.gzip };
  return { encoding: "identity", body: asset.identity };
}

/** The codings of ours an Accept-Encoding header takes (RFC 9110 §12.5.3: q=0 refuses one, `*` stands for the rest). */
export function acceptedEncodings(acceptEncoding: string | null): Set<Encoding> {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (!coding) continue;
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    q.set(coding, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  return new Set((["br", "gzip"] as const).filter((coding) => (q.get(coding) ?? q.get("*") ?? 0) > 0));
}

// A multi-file spec uploaded as a .zip: its YAML/JSON files as text, by their
// path inside the archive. Security-critical: the archive is untrusted, and
// nothing of it ever touches the file system; still, every entry is checked
// before anything is inflated, so a hostile archive is refused with a
// reason rather than half-read: no absolute or parent (`..`) paths, no
// backslashes or drive letters (zip-slip), no symbolic links, no encrypted
// or unknown compression, no ZIP64, at most MAX_ENTRIES entries, and the
// files' declared sizes within the spec budget (PORTICO_MAX_SPEC_BYTES) — a
// zip bomb is refused by what it declares, and no entry is inflated past
// what it declares (fflate fills a buffer of the declared size, no more).
import { unzipSync } from "fflate";
import { config } from "@/lib/config";
import { PorticoError, type Violation } from "@/lib/errors";

export const MAX_ENTRIES = 500;
const SPEC_FILE = /\.(ya?ml|json)$/i;
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

const refuse = (message: string, violations?: Violation[]): never => {
  throw new PorticoError("validation_failed", message, { violations });
};

type Entry = { name: string; method: number; size: number; flags: number; symlink: boolean };

/** The central directory (APPNOTE.TXT §4.3.12, §4.3.16): what each entry says it is. */
function centralDirectory(zip: Uint8Array): Entry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record is in the last 22 + 65,535 (comment) bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) refuse("The upload is not a zip archive", [{ message: "no end of central directory record" }]);
  const count = view.getUint16(end + 10, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) refuse("ZIP64 archives are not accepted", [{ message: "the archive uses ZIP64" }]);
  if (count > MAX_ENTRIES) refuse(`The zip has ${count} entries; at most ${MAX_ENTRIES} are accepted`);
  const entries: Entry[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== 0x02014b50) refuse("The zip archive is damaged", [{ message: `central directory entry ${i + 1} is missing` }]);
    const madeBy = view.getUint16(at + 4, true) >> 8;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const mode = view.getUint32(at + 38, true) >>> 16;
    let name: string;
    try {
      name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    } catch {
      refuse("The zip archive is damaged", [{ message: `entry ${i + 1} has a name that is not UTF-8` }]);
    }
    // Unix hosts (3) keep the file type in the upper half of the external attributes.
    entries.push({ name: name!, method, size, flags, symlink: madeBy === 3 && (mode & 0xf000) === 0xa000 });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Why a path inside the archive is refused, or undefined when it is a plain relative path. */
function unsafePath(name: string): string | undefined {
  if (!name || name.length > 300) return "the name is empty or too long";
  if (name.includes("\\") || [...name].some((c) => c.charCodeAt(0) < 0x20)) return "backslashes and control characters are not allowed";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "absolute paths are not allowed";
  const parts = name.replace(/\/$/, "").split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return "the path must stay inside the archive (no . or .. segments)";
  return undefined;
}

/** The archive's YAML/JSON files, path → text. */
export function readZipBundle(zip: Uint8Array, limit = config.maxSpecBytes): Map<string, string> {
  const entries = centralDirectory(zip);
  const bad: Violation[] = [];
  const wanted = new Map<string, number>();
  let declared = 0;
  for (const e of entries) {
    const why = unsafePath(e.name);
    if (why) bad.push({ pointer: `/${e.name}`, message: why });
    else if (e.symlink) bad.push({ pointer: `/${e.name}`, message: "symbolic links are not allowed" });
    else if (e.flags & 0x1) bad.push({ pointer: `/${e.name}`, message: "encrypted entries are not accepted" });
    else if (!e.name.endsWith("/") && SPEC_FILE.test(e.name)) {
      if (e.method !== 0 && e.method !== 8) bad.push({ pointer: `/${e.name}`, message: "only stored and deflated entries are accepted" });
      else if (e.size === 0xffffffff) bad.push({ pointer: `/${e.name}`, message: "ZIP64 entries are not accepted" });
      else {
        wanted.set(e.name, e.size);
        declared += e.size;
      }
    }
  }
  if (bad.length) refuse("The zip archive has entries Portico does not accept", bad.slice(0, 25));
  if (!wanted.size) refuse("The zip has no YAML or JSON files", [{ message: "put the spec's root file and the files it references in the archive" }]);
  if (declared > limit) {
    throw new PorticoError("payload_too_large", `The zip's files add up to ${mb(declared)} uncompressed; the largest spec Portico accepts is ${mb(limit)} (PORTICO_MAX_SPEC_BYTES).`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, { filter: (file) => wanted.has(file.name) && file.originalSize === wanted.get(file.name) });
  } catch (error) {
    refuse("The zip archive is damaged", [{ message: error instanceof Error ? error.message : String(error) }]);
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const out = new Map<string, string>();
  for (const [name, size] of wanted) {
    const bytes = files![name];
    if (!bytes || bytes.length !== size) refuse("The zip archive is damaged", [{ pointer: `/${name}`, message: "the entry does not inflate to the size it declares" }]);
    try {
      out.set(name, decoder.decode(bytes));
    } catch {
      refuse("The zip has a file that is not UTF-8 text", [{ pointer: `/${name}`, message: "not UTF-8" }]);
    }
  }
  return out;
}

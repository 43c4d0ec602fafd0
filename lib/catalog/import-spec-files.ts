// Publishes spec files from disk through the one pipeline (publish-spec.ts):
// a file, or every .yaml/.yml/.json in a folder (sorted, so older versions
// named first land first). A spec's overlay (spec-overlay.ts) is the file
// beside it with `.portico` before the extension: accounts.yaml →
// accounts.portico.yaml (or .yml, .json). Each file is its own transaction:
// one bad file does not stop the others, and each gets its own result. An
// import that needs a decision its overlay does not give is kept as a draft
// (save-spec-draft.ts): its result names the draft, says what is missing and
// proposes the overlay that would decide it.
// A file whose $refs name other files is a multi-file spec: its folder (and
// the folders below it) is the bundle, read here — YAML/JSON files only,
// symbolic links skipped, within the entry and size limits of a zip — and
// references resolve only to those files (bundle-spec-files.ts), never
// elsewhere on disk.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";
import type { SpecFiles } from "./analyse-upload";
import { describePublishError, publishSpec, type PublishResult } from "./publish-spec";
import { assertSpecSize } from "./parse-spec-document";
import type { SavedDraft } from "./save-spec-draft";
import { MAX_ENTRIES } from "./read-zip-bundle";

export type FileResult =
  | { file: string; ok: true; result: PublishResult; overlayFile?: string }
  | { file: string; ok: false; error: string; cause: unknown; overlayFile?: string; undecided?: { proposedOverlay: string; draft: SavedDraft } };

const SPEC_FILE = /\.(ya?ml|json)$/i;
const OVERLAY_FILE = /\.portico\.(ya?ml|json)$/i;

export async function listSpecFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const entries = await readdir(target, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && SPEC_FILE.test(e.name) && !OVERLAY_FILE.test(e.name)).map((e) => path.join(target, e.name)).sort();
}

/** accounts.yaml → the first of accounts.portico.yaml, .yml, .json that exists. */
export async function findOverlayFile(specFile: string): Promise<string | undefined> {
  const base = specFile.replace(SPEC_FILE, "");
  for (const ext of ["yaml", "yml", "json"]) {
    const candidate = `${base}.portico.${ext}`;
    if (await stat(candidate).then((s) => s.isFile(), () => false)) return candidate;
  }
  return undefined;
}

/** A $ref that is not "#…": the document names another file. */
const EXTERNAL_REF = /["']?\$ref["']?\s*:\s*["']?(?!#)[^\s"'#]/;

/** Every YAML/JSON file in `folder` and below it, by path relative to it (symbolic links are not followed). */
async function readBundle(folder: string, root: string): Promise<SpecFiles> {
  const files: Record<string, string> = {};
  let count = 0;
  let bytes = 0;
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && SPEC_FILE.test(entry.name)) {
        if (++count > MAX_ENTRIES) throw new PorticoError("validation_failed", `The spec's folder has more than ${MAX_ENTRIES} YAML/JSON files; at most ${MAX_ENTRIES} are accepted`);
        bytes += (await stat(full)).size;
        assertSpecSize(bytes, config.maxSpecBytes);
        files[path.relative(folder, full).split(path.sep).join("/")] = await readFile(full, "utf8");
      }
    }
  };
  await walk(folder);
  return { root, files };
}

export async function importSpecFiles({ actor, target }: { actor: Actor; target: string }): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of await listSpecFiles(target)) {
    const overlayFile = await findOverlayFile(file);
    let unverifiedSpec: string | SpecFiles;
    let overlay: string | undefined;
    try {
      // Refuse by size before reading a huge file into memory.
      assertSpecSize((await stat(file)).size, config.maxSpecBytes);
      const text = await readFile(file, "utf8");
      overlay = overlayFile ? await readFile(overlayFile, "utf8") : undefined;
      unverifiedSpec = EXTERNAL_REF.test(text) ? await readBundle(path.dirname(file), path.basename(file)) : text;
      results.push({ file, ok: true, overlayFile, result: await publishSpec({ actor, unverifiedSpec, filename: path.basename(file), unverifiedOverlay: overlay, via: "cli" }) });
    } catch (error) {
      const undecided =
        error instanceof PorticoError && error.code === "decision_required" && error.extensions
          ? { proposedOverlay: error.extensions.proposedOverlay as string, draft: error.extensions.draft as SavedDraft }
          : undefined;
      results.push({ file, ok: false, error: describePublishError(error), cause: error, overlayFile, ...(undecided ? { undecided } : {}) });
    }
  }
  return results;
}

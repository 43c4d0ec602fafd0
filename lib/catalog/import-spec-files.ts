// Publishes spec files from disk through the one pipeline (publish-spec.ts):
// a file, or every .yaml/.yml/.json in a folder (sorted, so older versions
// named first land first). A spec's overlay (spec-overlay.ts) is the file
// beside it with `.portico` before the extension: accounts.yaml →
// accounts.portico.yaml (or .yml, .json). Each file is its own transaction:
// one bad file does not stop the others, and each gets its own result. An
// import that needs a decision its overlay does not give stays a draft: its
// result says what is missing and proposes the overlay that would decide it.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import type { Actor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";
import { describePublishError, publishSpec, type PublishResult } from "./publish-spec";
import { assertSpecSize } from "./parse-spec-document";
import { previewSpec } from "./preview-spec";

export type FileResult =
  | { file: string; ok: true; result: PublishResult; overlayFile?: string }
  | { file: string; ok: false; error: string; cause: unknown; overlayFile?: string; undecided?: { proposedOverlay: string } };

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

export async function importSpecFiles({ actor, target }: { actor: Actor; target: string }): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of await listSpecFiles(target)) {
    const overlayFile = await findOverlayFile(file);
    let text: string | undefined;
    let overlay: string | undefined;
    try {
      // Refuse by size before reading a huge file into memory.
      assertSpecSize((await stat(file)).size, config.maxSpecBytes);
      text = await readFile(file, "utf8");
      overlay = overlayFile ? await readFile(overlayFile, "utf8") : undefined;
      results.push({ file, ok: true, overlayFile, result: await publishSpec({ actor, unverifiedSpec: text, filename: path.basename(file), unverifiedOverlay: overlay }) });
    } catch (error) {
      const undecided =
        error instanceof PorticoError && error.code === "decision_required" && text !== undefined
          ? await previewSpec({ actor, unverifiedSpec: text, filename: path.basename(file), unverifiedOverlay: overlay }).then((p) => ({
              proposedOverlay: stringify({
                ...(Object.keys(p.decided.scopeDefaults).length ? { scopes: p.decided.scopeDefaults } : {}),
                accountMarks: p.proposedAccountMarks.map(({ reason: _reason, ...mark }) => mark),
              }),
            }))
          : undefined;
      results.push({ file, ok: false, error: describePublishError(error), cause: error, overlayFile, ...(undecided ? { undecided } : {}) });
    }
  }
  return results;
}

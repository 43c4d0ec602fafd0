// Publishes spec files from disk through the one pipeline (publish-spec.ts):
// a file, or every .yaml/.yml/.json in a folder (sorted, so older versions
// named first land first). Each file is its own transaction: one bad file
// does not stop the others, and each gets its own result.
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
import { MAX_ENTRIES } from "./read-zip-bundle";

export type FileResult = { file: string; ok: true; result: PublishResult } | { file: string; ok: false; error: string; cause: unknown };

const SPEC_FILE = /\.(ya?ml|json)$/i;

export async function listSpecFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const entries = await readdir(target, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && SPEC_FILE.test(e.name)).map((e) => path.join(target, e.name)).sort();
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
    try {
      // Refuse by size before reading a huge file into memory.
      assertSpecSize((await stat(file)).size, config.maxSpecBytes);
      const text = await readFile(file, "utf8");
      const unverifiedSpec = EXTERNAL_REF.test(text) ? await readBundle(path.dirname(file), path.basename(file)) : text;
      results.push({ file, ok: true, result: await publishSpec({ actor, unverifiedSpec, filename: path.basename(file) }) });
    } catch (error) {
      results.push({ file, ok: false, error: describePublishError(error), cause: error });
    }
  }
  return results;
}

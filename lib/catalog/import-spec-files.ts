// Publishes spec files from disk through the one pipeline (publish-spec.ts):
// a file, or every .yaml/.yml/.json in a folder (sorted, so older versions
// named first land first). Each file is its own transaction: one bad file
// does not stop the others, and each gets its own result.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { describePublishError, publishSpec, type PublishResult } from "./publish-spec";
import { assertSpecSize } from "./parse-spec-document";

export type FileResult = { file: string; ok: true; result: PublishResult } | { file: string; ok: false; error: string; cause: unknown };

const SPEC_FILE = /\.(ya?ml|json)$/i;

export async function listSpecFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const entries = await readdir(target, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && SPEC_FILE.test(e.name)).map((e) => path.join(target, e.name)).sort();
}

export async function importSpecFiles({ actor, target }: { actor: Actor; target: string }): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of await listSpecFiles(target)) {
    try {
      // Refuse by size before reading a huge file into memory.
      assertSpecSize((await stat(file)).size, config.maxSpecBytes);
      const text = await readFile(file, "utf8");
      results.push({ file, ok: true, result: await publishSpec({ actor, unverifiedSpec: text, filename: path.basename(file) }) });
    } catch (error) {
      results.push({ file, ok: false, error: describePublishError(error), cause: error });
    }
  }
  return results;
}

// What an uploaded spec is, worked out from its text (or its zip: the files
// read and bundled into one document): size → parse (line and
// column) → validate and dereference (JSON pointer) → the expanded-size
// budget → the content hash. Pure CPU on untrusted input, so it runs in the
// analysis thread (analysis-thread.ts), never on the event loop that answers
// the token endpoint, the sandbox and the portal. A new step of analysis
// (linting, a diff against the previous version…) is one more step here, or
// one more task beside it in analysis-tasks.ts.
import { createHash } from "node:crypto";
import { assertExpandedSize } from "./assert-expanded-size";
import { bundleSpecFiles } from "./bundle-spec-files";
import { parseSpecDocument } from "./parse-spec-document";
import { readZipBundle } from "./read-zip-bundle";
import { validateSpec, type ValidatedSpec } from "./validate-spec";

/** A multi-file spec read from a folder: the root file and every file beside and below it, by relative path. */
export type SpecFiles = { root: string; files: Record<string, string> };
/** One YAML/JSON document, a .zip of a multi-file spec (a root file and the files its $refs name), or the files themselves. */
export type UploadInput = { text: string; filename?: string } | { zip: Uint8Array } | { bundle: SpecFiles };
/**
 * The stored documents come back as JSON text: a string crosses between
 * threads as one copy, where a document would be rebuilt node by node on the
 * event loop, and the text is what the database stores (write-spec-documents.ts).
 */
export type UploadAnalysis = {
  spec: Omit<ValidatedSpec, "resolved">;
  /** The spec as uploaded, parsed, as canonical JSON (ApiVersion.specSource). */
  sourceJson: string;
  /** The dereferenced spec as JSON (ApiVersion.specResolved). */
  resolvedJson: string;
  /** SHA-256 of sourceJson. */
  specSha256: string;
};

export async function analyseUpload(input: UploadInput): Promise<UploadAnalysis> {
  // A multi-file spec is bundled into one document first: everything after sees one document, as stored.
  let document: Record<string, unknown>;
  if ("zip" in input) document = (await bundleSpecFiles({ files: readZipBundle(input.zip) })).document;
  else if ("bundle" in input) document = (await bundleSpecFiles({ files: new Map(Object.entries(input.bundle.files)), root: input.bundle.root })).document;
  else document = parseSpecDocument(input);
  if (!("text" in input)) assertExpandedSize(document, { what: "bundled spec" });
  const { resolved, ...spec } = await validateSpec({ document });
  // Dereferencing writes every $ref out in full in the stored copy: the same budget again.
  assertExpandedSize(resolved, { what: "spec with its references resolved" });
  // Canonical JSON, so the same spec sent as YAML or JSON is the same content.
  // The stored column holds the same text, so the hash covers what is stored.
  const sourceJson = JSON.stringify(document);
  const specSha256 = createHash("sha256").update(sourceJson).digest("hex");
  return { spec, sourceJson, resolvedJson: JSON.stringify(resolved), specSha256 };
}

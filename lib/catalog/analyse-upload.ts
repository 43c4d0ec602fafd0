// What an uploaded spec is, worked out from its text (or its zip: the files
// read and bundled into one document): size → parse (line and
// column) → validate and dereference (JSON pointer; Swagger 2.0 converted,
// operationIds generated) → the expanded-size budget → the overlay laid over
// what import proposes → the content hash → the scorecard (Spectral). Pure CPU on untrusted input, so it runs in the
// analysis thread (analysis-thread.ts), never on the event loop that answers
// the token endpoint, the sandbox and the portal. A new step of analysis
// (linting, a diff against the previous version…) is one more step here, or
// one more task beside it in analysis-tasks.ts.
import { createHash } from "node:crypto";
import { operationKey } from "@/lib/openapi/list-operations";
import { assertExpandedSize } from "./assert-expanded-size";
import { bundleSpecFiles } from "./bundle-spec-files";
import { parseSpecDocument } from "./parse-spec-document";
import { readZipBundle } from "./read-zip-bundle";
import type { SpecScorecard } from "@/lib/db/json-columns";
import { lintSpec } from "./lint-spec";
import { decideOverlay, parseSpecOverlay, type OverlayDecision } from "./spec-overlay";
import { DEFAULT_SCOPE_DESCRIPTIONS } from "./spec-security";
import { validateSpec, type ValidatedSpec } from "./validate-spec";

/** A multi-file spec read from a folder: the root file and every file beside and below it, by relative path. */
export type SpecFiles = { root: string; files: Record<string, string> };
/** One YAML/JSON document, a .zip of a multi-file spec (a root file and the files its $refs name), or the files themselves; with the version's overlay file, if any. */
export type UploadInput = ({ text: string; filename?: string } | { zip: Uint8Array } | { bundle: SpecFiles }) & {
  overlay?: string;
  /** false: leave the scorecard out (publishing that does not wait for it scores the version afterwards: score-published-version.ts). */
  lint?: boolean;
};
/**
 * The stored documents come back as JSON text: a string crosses between
 * threads as one copy, where a document would be rebuilt node by node on the
 * event loop, and the text is what the database stores (write-spec-documents.ts).
 */
export type UploadAnalysis = {
  spec: Omit<ValidatedSpec, "resolved" | "source" | "documentOperations" | "needsScopes">;
  /** What import proposes, the overlay's decisions, and what is still undecided. */
  decision: OverlayDecision;
  /** The spec's scopes and the overlay's defaults, name → description: what apps may ask for. */
  definedScopes: Record<string, string>;
  /** Per operation, the scope alternatives the sandbox enforces (the spec's, or the overlay's one list). */
  operationScopes: string[][][];
  /** The OpenAPI 3 document as stored (the upload, or its conversion from Swagger 2.0), as canonical JSON (ApiVersion.specSource). */
  sourceJson: string;
  /** The dereferenced spec as JSON (ApiVersion.specResolved). */
  resolvedJson: string;
  /** SHA-256 of sourceJson. */
  specSha256: string;
  /** Spectral's scorecard of the document as stored (lint-spec.ts); null when asked to leave it out. */
  scorecard: SpecScorecard | null;
};

export async function analyseUpload(input: UploadInput): Promise<UploadAnalysis> {
  // A multi-file spec is bundled into one document first: everything after sees one document, as stored.
  let document: Record<string, unknown>;
  if ("zip" in input) document = (await bundleSpecFiles({ files: readZipBundle(input.zip) })).document;
  else if ("bundle" in input) document = (await bundleSpecFiles({ files: new Map(Object.entries(input.bundle.files)), root: input.bundle.root })).document;
  else document = parseSpecDocument(input);
  if (!("text" in input)) assertExpandedSize(document, { what: "bundled spec" });
  const overlay = input.overlay === undefined ? undefined : parseSpecOverlay({ unverifiedText: input.overlay });
  const { resolved, source, documentOperations, needsScopes, ...spec } = await validateSpec({ document });
  // Dereferencing writes every $ref out in full in the stored copy: the same budget again.
  assertExpandedSize(resolved, { what: "spec with its references resolved" });
  const decision = decideOverlay({ apiSlug: spec.slug, operations: documentOperations, needsScopes, overlay });
  const definedScopes = { ...spec.scopes };
  for (const scopes of Object.values(decision.decided.scopeDefaults)) {
    for (const s of scopes) definedScopes[s] ??= s.endsWith(":read") ? DEFAULT_SCOPE_DESCRIPTIONS.read : s.endsWith(":write") ? DEFAULT_SCOPE_DESCRIPTIONS.write : "Set by the publisher for operations the spec gives no scope";
  }
  const operationScopes = spec.operations.map((o) => {
    const overlaid = decision.decided.scopeDefaults[operationKey(o.method, o.path)];
    return overlaid ? [overlaid] : o.scopes;
  });
  // Canonical JSON, so the same spec sent as YAML or JSON is the same content.
  // The stored column holds the same text, so the hash covers what is stored.
  const sourceJson = JSON.stringify(source);
  const specSha256 = createHash("sha256").update(sourceJson).digest("hex");
  const scorecard = input.lint === false ? null : await lintSpec(source);
  return { spec, decision, definedScopes, operationScopes, sourceJson, resolvedJson: JSON.stringify(resolved), specSha256, scorecard };
}

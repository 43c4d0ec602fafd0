// Everything publishing decides before it writes: size → parse → validate
// (Swagger 2.0 converted, operationIds generated) → the overlay laid over
// what import proposes. Shared by publishSpec and previewSpec, so the review
// screen shows exactly what a publish would store. Writes nothing.
import { createHash } from "node:crypto";
import { operationKey } from "@/lib/openapi/list-operations";
import { assertExpandedSize } from "./assert-expanded-size";
import { parseSpecDocument } from "./parse-spec-document";
import { decideOverlay, parseSpecOverlay, type OverlayDecision } from "./spec-overlay";
import { DEFAULT_SCOPE_DESCRIPTIONS } from "./spec-security";
import { validateSpec, type ValidatedSpec } from "./validate-spec";

export type PreparedSpec = {
  spec: ValidatedSpec;
  decision: OverlayDecision;
  /** SHA-256 of the document as uploaded, in canonical JSON. */
  specSha256: string;
  /** The spec's scopes and the overlay's defaults, name → description: what apps may ask for. */
  definedScopes: Record<string, string>;
  /** Per operation, the scope alternatives the sandbox enforces (the spec's, or the overlay's one list). */
  operationScopes: string[][][];
};

export async function prepareSpec(options: { unverifiedSpec: string; filename?: string; unverifiedOverlay?: string }): Promise<PreparedSpec> {
  const document = parseSpecDocument({ text: options.unverifiedSpec, filename: options.filename });
  const overlay = options.unverifiedOverlay === undefined ? undefined : parseSpecOverlay({ unverifiedText: options.unverifiedOverlay });
  const spec = await validateSpec({ document });
  // Dereferencing writes every $ref out in full in the stored copy: the same budget again.
  assertExpandedSize(spec.resolved, { what: "spec with its references resolved" });
  const decision = decideOverlay({ apiSlug: spec.slug, operations: spec.documentOperations, needsScopes: spec.needsScopes, overlay });
  // Canonical JSON, so the same spec sent as YAML or JSON is the same content.
  const specSha256 = createHash("sha256").update(JSON.stringify(document)).digest("hex");
  const definedScopes = { ...spec.scopes };
  for (const scopes of Object.values(decision.decided.scopeDefaults)) {
    for (const s of scopes) definedScopes[s] ??= s.endsWith(":read") ? DEFAULT_SCOPE_DESCRIPTIONS.read : s.endsWith(":write") ? DEFAULT_SCOPE_DESCRIPTIONS.write : "Set by the publisher for operations the spec gives no scope";
  }
  const operationScopes = spec.operations.map((o) => {
    const overlaid = decision.decided.scopeDefaults[operationKey(o.method, o.path)];
    return overlaid ? [overlaid] : o.scopes;
  });
  return { spec, decision, specSha256, definedScopes, operationScopes };
}

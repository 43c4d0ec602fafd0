// The review step before publishing: what import proposes for a spec (the
// default scopes of operations it leaves without one, the parameters and
// body fields that look account-identifying) and which decisions are still
// missing, with the overlay given so far laid over it. Reads and writes
// nothing in the database, so it needs no audit record; it is the same
// preparation publishSpec runs (prepare-spec.ts), so what the admin confirms
// is what gets stored.
import type { Actor } from "@/lib/authz/actor";
import { assertAllowed } from "@/lib/authz/require-role";
import type { Violation } from "@/lib/errors";
import type { AccountMark, SpecScorecard } from "@/lib/db/json-columns";
import { operationKey } from "@/lib/openapi/list-operations";
import type { SpecFiles } from "./analyse-upload";
import { prepareSpec, type PreparedSpec } from "./prepare-spec";
import type { ProposedMark } from "./propose-account-marks";
import { publishSpec } from "./publish-spec";

export type SpecPreview = {
  slug: string;
  name: string;
  version: string;
  operations: { key: string; operationId: string; summary: string; scopes: string[][]; defaultScopes: boolean }[];
  webhooks: number;
  convertedFrom?: "2.0";
  generatedOperationIds: number;
  proposedScopes: Record<string, string[]>;
  proposedAccountMarks: ProposedMark[];
  decided: { scopeDefaults: Record<string, string[]>; accountMarks: AccountMark[]; noAccountScoping: boolean };
  accountScoped: boolean;
  /** The spec marks account identifiers itself (x-portico-account): the proposals are suggestions its author may have left out on purpose. */
  specMarksAccounts: boolean;
  missing: Violation[];
  /** Spectral's scorecard; null when it could not be computed. */
  scorecard: SpecScorecard | null;
};

export async function previewSpec(options: { actor: Actor; unverifiedSpec: string | Uint8Array | SpecFiles; filename?: string; unverifiedOverlay?: string }): Promise<SpecPreview> {
  // Only those who may publish get a spec parsed.
  assertAllowed(options.actor, previewSpec.roles);
  return previewOf(await prepareSpec(options));
}

/** The review screen's view of a prepared spec: also what a draft keeps (save-spec-draft.ts). */
export function previewOf({ spec, decision, operationScopes, scorecard }: Pick<PreparedSpec, "spec" | "decision" | "operationScopes" | "scorecard">): SpecPreview {
  return {
    slug: spec.slug,
    name: spec.name,
    version: spec.version,
    operations: spec.operations.map((o, i) => {
      const key = operationKey(o.method, o.path);
      return { key, operationId: o.operationId, summary: o.summary, scopes: operationScopes[i]!, defaultScopes: key in decision.decided.scopeDefaults };
    }),
    webhooks: spec.webhooks,
    ...(spec.convertedFrom ? { convertedFrom: spec.convertedFrom } : {}),
    generatedOperationIds: spec.generatedOperationIds,
    proposedScopes: decision.proposal.scopes,
    proposedAccountMarks: decision.proposal.accountMarks,
    decided: { scopeDefaults: decision.decided.scopeDefaults, accountMarks: decision.decided.accountMarks, noAccountScoping: decision.decided.noAccountScoping },
    accountScoped: decision.proposal.accountScoped,
    specMarksAccounts: decision.proposal.specMarks,
    missing: decision.missing,
    scorecard,
  };
}

previewSpec.roles = publishSpec.roles;

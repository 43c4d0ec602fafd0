// The review screen's view of a prepared spec (prepare-spec.ts): what import
// proposes, what the overlay decided, what is still missing, the scorecard.
// previewSpec answers with it; a draft keeps it (save-spec-draft.ts). Apart
// from both, so publish-spec.ts can build one without importing
// preview-spec.ts, which imports it (a cycle leaves `roles` undefined in the
// portal's bundle).
import type { Violation } from "@/lib/errors";
import type { AccountMark, OverlaySandboxBinding, SpecScorecard } from "@/lib/db/json-columns";
import { operationKey } from "@/lib/openapi/list-operations";
import type { PreparedSpec } from "./prepare-spec";
import type { ProposedMark } from "./propose-account-marks";

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
  /** sandboxBindings: as the overlay gave them (the review screen keeps them, it does not edit them). */
  decided: { scopeDefaults: Record<string, string[]>; accountMarks: AccountMark[]; noAccountScoping: boolean; sandboxBindings: OverlaySandboxBinding[] };
  accountScoped: boolean;
  /** The spec marks account identifiers itself (x-portico-account): the proposals are suggestions its author may have left out on purpose. */
  specMarksAccounts: boolean;
  missing: Violation[];
  /** Spectral's scorecard; null when it could not be computed. */
  scorecard: SpecScorecard | null;
};

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
    decided: { scopeDefaults: decision.decided.scopeDefaults, accountMarks: decision.decided.accountMarks, noAccountScoping: decision.decided.noAccountScoping, sandboxBindings: decision.decided.sandboxBindings },
    accountScoped: decision.proposal.accountScoped,
    specMarksAccounts: decision.proposal.specMarks,
    missing: decision.missing,
    scorecard,
  };
}


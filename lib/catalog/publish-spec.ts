// The one import pipeline. Admin upload, the management endpoint (a bank's
// CI), `npm run catalog:import` and the demo seed all publish through here:
// size → parse (line/column) → validate + dereference (JSON pointer) → our
// rules, the overlay's decisions and — when the bank's rule lets scorecard
// errors block publishing — the scorecard (Spectral) (analyse-upload.ts, in
// the analysis thread, off the event loop) → the changelog against the
// previous version (diffed in that thread too) → ONE transaction (the bank's
// scorecard rule, API, version, overlay, operations, notifications, the
// version's draft removed, audit) → tell every process the catalogue
// changed. When the scorecard does not block, the version is served without
// waiting for it: Spectral runs afterwards (score-published-version.ts). Any
// failure before or inside the transaction leaves nothing behind; an import
// that needs a decision the overlay does not give is not published: it is
// kept as a draft for an admin (save-spec-draft.ts) and refused as
// decision_required, naming the draft.
import { getDb, yieldToRequests, type Prisma } from "@/lib/db";
import { overlayAccountMarks, overlaySandboxBindings, overlayScopeDefaults, storedScorecard, type ScorecardState, type SpecScorecard } from "@/lib/db/json-columns";
import { auditedChange, type Change } from "@/lib/audit/audited-change";
import { assertAllowed } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";
import { PorticoError, conflict } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { runAnalysis } from "./run-analysis";
import { saveSpecDraft, type DraftSource } from "./save-spec-draft";
import { pendingScorecard, scorePublishedVersion } from "./score-published-version";
import { shownScorecardState } from "./shown-scorecard-state";
import { previewOf } from "./spec-preview";
import { proposedOverlayText } from "./spec-overlay";
import { assertScorecardAccepted } from "./assert-scorecard-accepted";
import { compareVersions } from "./compare-versions";
import type { SpecFiles } from "./analyse-upload";
import { prepareSpec } from "./prepare-spec";
import { writeSpecDocuments } from "./write-spec-documents";
import { changelogFromPrevious, notifyAppsOnOlderVersions } from "./version-changelog";

const OPERATION_ROWS_PER_INSERT = 10;

export type PublishResult = {
  status: "created" | "unchanged";
  apiId: string;
  slug: string;
  name: string;
  version: string;
  operations: number;
  webhooks: number;
  convertedFrom?: "2.0";
  generatedOperationIds: number;
  /** Operations that took the overlay's (or the default) scopes. */
  defaultScopes: number;
  accountMarks: number;
  /** Operations the overlay binds to the sandbox's data. */
  sandboxBindings: number;
  noAccountScoping: boolean;
  /**
   * This import's scorecard (for "unchanged", of the content already
   * published); null while it is computed after the publish (the bank's
   * rule does not block on it) or when that failed: see scorecardState.
   */
  scorecard: SpecScorecard | null;
  scorecardState: ScorecardState["state"];
  /** Changes from the previous version: breaking ones, and all. Null for an API's first version. */
  changes: { from: string; breaking: number; total: number } | null;
};

export async function publishSpec({
  actor,
  unverifiedSpec,
  filename,
  unverifiedOverlay,
  via,
}: {
  /** An admin, or a system actor (CLI, seed, an authenticated management token). */
  actor: Actor;
  /** The spec as YAML or JSON text, the bytes of a .zip holding a multi-file spec, or a multi-file spec's files. */
  unverifiedSpec: string | Uint8Array | SpecFiles;
  filename?: string;
  /** The version's overlay file (YAML or JSON, spec-overlay.ts); absent = proposals and defaults only. */
  unverifiedOverlay?: string;
  /** How the import came in, recorded on the draft if it needs decisions. Default: an admin's upload for a user, the CLI otherwise. */
  via?: DraftSource;
}): Promise<PublishResult> {
  // Checked before the (costly) parse as well as by auditedChange: nobody
  // else gets a spec parsed.
  assertAllowed(actor, publishSpec.roles);
  // Only a bank whose scorecard errors block publishing waits for Spectral.
  const waitForScorecard = (await getBankSettings(getDb())).scorecardErrorsBlockPublish;
  const prepared = await prepareSpec({ unverifiedSpec, filename, unverifiedOverlay, lint: waitForScorecard });
  const { spec, decision, specSha256, definedScopes, operationScopes, sourceJson, resolvedJson } = prepared;
  if (decision.missing.length) {
    // The admin who decides the draft sees its scorecard too.
    const scorecard = prepared.scorecard ?? (await runAnalysis("lint-spec", { sourceJson }).catch(() => null));
    const proposedOverlay = proposedOverlayText(decision);
    const draft = await saveSpecDraft({
      actor,
      source: via ?? (actor.kind === "user" ? "admin_upload" : "cli"),
      unverifiedSpec,
      filename,
      unverifiedOverlay,
      review: previewOf({ ...prepared, scorecard }),
      proposedOverlay,
    });
    throw new PorticoError("decision_required", `${spec.name} ${spec.version} needs decisions its overlay does not give; nothing was published. It is kept as draft ${draft.id} for an admin to decide: ${draft.url}`, {
      violations: decision.missing,
      extensions: { draft, proposedOverlay },
    });
  }
  const scorecard = prepared.scorecard;
  const overlay = decision.decided;
  const changelog = await changelogFromPrevious(getDb(), { slug: spec.slug, version: spec.version, resolvedJson });

  const result = await auditedChange({
    actor,
    roles: publishSpec.roles,
    change: async (tx): Promise<Change<{ status: PublishResult["status"]; apiId: string; versionId: string; scorecard: ScorecardState | null }>> => {
      const existingApi = await tx.api.findUnique({
        where: { slug: spec.slug },
        include: { versions: { select: { version: true, specSha256: true, id: true, overlay: true, scorecard: true } } },
      });
      const same = existingApi?.versions.find((v) => v.version === spec.version);
      if (existingApi && same) {
        if (same.specSha256 === specSha256) {
          const stored = same.overlay;
          const sameDecisions =
            JSON.stringify(stored ? overlayScopeDefaults(stored.scopeDefaults) : {}) === JSON.stringify(overlay.scopeDefaults) &&
            JSON.stringify(stored ? overlayAccountMarks(stored.accountMarks) : []) === JSON.stringify(overlay.accountMarks) &&
            JSON.stringify(stored ? overlaySandboxBindings(stored.sandboxBindings) : []) === JSON.stringify(overlay.sandboxBindings) &&
            (stored?.noAccountScoping ?? false) === overlay.noAccountScoping;
          if (!sameDecisions) throw conflict(`Version ${spec.version} of "${existingApi.name}" is already published with other decisions (scopes, account identifiers or sandbox bindings). Publish the change under a new info.version.`);
          return { result: { status: "unchanged" as const, apiId: existingApi.id, versionId: same.id, scorecard: storedScorecard(same.scorecard) }, audit: [] };
        }
        throw conflict(`Version ${spec.version} of "${existingApi.name}" is already published with different content. Publish it under a new info.version.`);
      }
      const settings = await getBankSettings(tx);
      if (scorecard) assertScorecardAccepted(settings, scorecard);
      else if (settings.scorecardErrorsBlockPublish) {
        // The rule was switched on while this spec was analysed without the scorecard it now needs.
        throw new PorticoError("unavailable", "The bank's scorecard rule changed during this publish; send the spec again", { headers: { "retry-after": "1" } });
      }
      // The API's name, summary and category follow its newest version, so
      // back-filling an old version does not rename the API.
      const isNewest = !existingApi || existingApi.versions.every((v) => compareVersions(spec.version, v.version) > 0);
      const apiFields = { name: spec.name, summary: spec.summary, category: spec.category };
      const api = existingApi
        ? isNewest
          ? await tx.api.update({ where: { id: existingApi.id }, data: apiFields })
          : existingApi
        : await tx.api.create({ data: { slug: spec.slug, ...apiFields } });
      const version = await tx.apiVersion.create({
        data: {
          apiId: api.id,
          version: spec.version,
          title: spec.name,
          description: spec.description,
          tags: spec.tags,
          scopes: definedScopes,
          // Written as text just below, in this transaction: nobody sees these.
          specSource: {},
          specResolved: {},
          specSha256,
          // The upload's size; for a multi-file spec, its bundled document's.
          sizeBytes: Buffer.byteLength(typeof unverifiedSpec === "string" ? unverifiedSpec : sourceJson, "utf8"),
          publishedById: actor.kind === "user" ? actor.id : null,
          scorecard: (scorecard ?? pendingScorecard()) as Prisma.InputJsonObject,
          changelog: (changelog ?? undefined) as Prisma.InputJsonObject | undefined,
        },
      });
      await writeSpecDocuments(tx, { apiVersionId: version.id, sourceJson, resolvedJson });
      await tx.apiVersionOverlay.create({
        data: {
          apiVersionId: version.id,
          scopeDefaults: overlay.scopeDefaults,
          accountMarks: overlay.accountMarks as Prisma.InputJsonArray,
          sandboxBindings: overlay.sandboxBindings as Prisma.InputJsonArray,
          noAccountScoping: overlay.noAccountScoping,
        },
      });
      // In slices, with waiting requests let in between: each row costs the Prisma client about a millisecond.
      for (let i = 0; i < spec.operations.length; i += OPERATION_ROWS_PER_INSERT) {
        await yieldToRequests();
        await tx.apiOperation.createMany({
          data: spec.operations.slice(i, i + OPERATION_ROWS_PER_INSERT).map((o, j) => ({
            apiVersionId: version.id,
            operationId: o.operationId,
            method: o.method,
            path: o.path,
            summary: o.summary,
            description: o.description,
            tags: o.tags,
            scopes: operationScopes[i + j]!,
            fieldNames: o.fieldNames.join(" "),
          })),
        });
      }
      // Published, the version's draft (if an import left one) has been decided.
      const draft = await tx.specDraft.findUnique({ where: { slug_version: { slug: spec.slug, version: spec.version } }, select: { id: true } });
      if (draft) await tx.specDraft.delete({ where: { id: draft.id } });
      // Only a new newest version is news for apps on older ones; a back-filled one is not.
      const notifiedApps = existingApi && isNewest ? await notifyAppsOnOlderVersions(tx, { apiId: api.id, name: spec.name, slug: spec.slug, version: spec.version, newVersionId: version.id, changelog }) : 0;
      return {
        result: { status: "created" as const, apiId: api.id, versionId: version.id, scorecard: scorecard ? { state: "ready" as const, scorecard } : null },
        audit: [
          {
            action: "spec.publish",
            targetId: version.id,
            details: {
              api: spec.slug,
              version: spec.version,
              operations: spec.operations.length,
              sha256: specSha256,
              newApi: !existingApi,
              ...(spec.convertedFrom ? { convertedFrom: spec.convertedFrom } : {}),
              defaultScopes: overlay.scopeDefaults,
              accountMarks: overlay.accountMarks.length,
              ...(overlay.sandboxBindings.length ? { sandboxBindings: overlay.sandboxBindings.map((b) => b.operation) } : {}),
              ...(scorecard ? { score: scorecard.score, scorecardErrors: scorecard.counts.error } : { scorecard: "after publish" }),
              ...(draft ? { draft: draft.id } : {}),
              ...(changelog ? { changedFrom: changelog.from, breakingChanges: changelog.counts.breaking, notifiedApps } : {}),
            },
          },
          // The explicit decision that account-scoped operations stay unchecked is its own entry.
          ...(overlay.noAccountScoping
            ? [{
                action: "spec.no_account_scoping" as const,
                targetId: version.id,
                details: { api: spec.slug, version: spec.version, proposedAccountIdentifiers: decision.proposal.accountMarks.length, operations: [...new Set(decision.proposal.accountMarks.map((m) => m.operation))].slice(0, 100) },
              }]
            : []),
        ],
        publish: [{ kind: "catalog" }],
      };
    },
    // Hundreds of operations in slices: give slow disks room.
    transaction: { timeout: 60_000, maxWait: 10_000 },
  });

  // Served now; the scorecard follows (score-published-version.ts).
  if (result.status === "created" && !scorecard) scorePublishedVersion({ apiVersionId: result.versionId, sourceJson, slug: spec.slug, version: spec.version });
  const scorecardState = result.status === "created" && !scorecard ? { state: "pending" as const, since: new Date() } : shownScorecardState(result.scorecard);
  const changes = changelog && !changelog.error ? { from: changelog.from, breaking: changelog.counts.breaking, total: changelog.changes.length + changelog.omitted } : null;
  return {
    status: result.status,
    apiId: result.apiId,
    slug: spec.slug,
    name: spec.name,
    version: spec.version,
    operations: spec.operations.length,
    webhooks: spec.webhooks,
    ...(spec.convertedFrom ? { convertedFrom: spec.convertedFrom } : {}),
    generatedOperationIds: spec.generatedOperationIds,
    defaultScopes: Object.keys(overlay.scopeDefaults).length,
    accountMarks: overlay.accountMarks.length,
    sandboxBindings: overlay.sandboxBindings.length,
    noAccountScoping: overlay.noAccountScoping,
    scorecard: scorecardState?.state === "ready" ? scorecardState.scorecard : null,
    scorecardState: scorecardState?.state ?? "failed",
    changes,
  };
}

publishSpec.roles = ["admin", "system"] as const;

/** A one-line summary of a failed publish, for the CLI and logs. */
export function describePublishError(error: unknown): string {
  if (error instanceof PorticoError) {
    const items = (error.violations ?? []).map((v) => `${v.pointer !== undefined ? `${v.pointer || "/"}: ` : ""}${v.message}`);
    return items.length ? `${error.message}: ${items.join("; ")}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

// The one import pipeline. Admin upload, the management endpoint (a bank's
// CI), `npm run catalog:import` and the demo seed all publish through here:
// size → parse (line/column) → validate + dereference (JSON pointer) → our
// rules, the overlay's decisions and the scorecard (Spectral)
// (analyse-upload.ts, in the analysis thread, off the event loop) → the
// changelog against the previous version (diffed in that thread too) → ONE
// transaction (the bank's scorecard rule, API, version, overlay, operations,
// notifications, audit) → tell every process the catalogue changed. Any
// failure before or inside the transaction leaves nothing behind; an import
// that needs a decision the overlay does not give is refused as
// decision_required and stays a draft.
import { getDb, yieldToRequests, type Prisma } from "@/lib/db";
import { overlayAccountMarks, overlayScopeDefaults, type SpecScorecard } from "@/lib/db/json-columns";
import { auditedChange, type Change } from "@/lib/audit/audited-change";
import { assertAllowed } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";
import { PorticoError, conflict } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
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
  noAccountScoping: boolean;
  /** This import's scorecard (for "unchanged", of the content already published). */
  scorecard: SpecScorecard;
  /** Changes from the previous version: breaking ones, and all. Null for an API's first version. */
  changes: { from: string; breaking: number; total: number } | null;
};

export async function publishSpec({
  actor,
  unverifiedSpec,
  filename,
  unverifiedOverlay,
}: {
  /** An admin, or a system actor (CLI, seed, an authenticated management token). */
  actor: Actor;
  /** The spec as YAML or JSON text, the bytes of a .zip holding a multi-file spec, or a multi-file spec's files. */
  unverifiedSpec: string | Uint8Array | SpecFiles;
  filename?: string;
  /** The version's overlay file (YAML or JSON, spec-overlay.ts); absent = proposals and defaults only. */
  unverifiedOverlay?: string;
}): Promise<PublishResult> {
  // Checked before the (costly) parse as well as by auditedChange: nobody
  // else gets a spec parsed.
  assertAllowed(actor, publishSpec.roles);
  const { spec, decision, specSha256, definedScopes, operationScopes, sourceJson, resolvedJson, scorecard } = await prepareSpec({ unverifiedSpec, filename, unverifiedOverlay });
  if (decision.missing.length) {
    throw new PorticoError("decision_required", `${spec.name} ${spec.version} needs decisions its overlay does not give; nothing was published`, { violations: decision.missing });
  }
  const overlay = decision.decided;
  const changelog = await changelogFromPrevious(getDb(), { slug: spec.slug, version: spec.version, resolvedJson });

  const result = await auditedChange({
    actor,
    roles: publishSpec.roles,
    change: async (tx): Promise<Change<{ status: PublishResult["status"]; apiId: string }>> => {
      const existingApi = await tx.api.findUnique({
        where: { slug: spec.slug },
        include: { versions: { select: { version: true, specSha256: true, id: true, overlay: true } } },
      });
      const same = existingApi?.versions.find((v) => v.version === spec.version);
      if (existingApi && same) {
        if (same.specSha256 === specSha256) {
          const stored = same.overlay;
          const sameDecisions =
            JSON.stringify(stored ? overlayScopeDefaults(stored.scopeDefaults) : {}) === JSON.stringify(overlay.scopeDefaults) &&
            JSON.stringify(stored ? overlayAccountMarks(stored.accountMarks) : []) === JSON.stringify(overlay.accountMarks) &&
            (stored?.noAccountScoping ?? false) === overlay.noAccountScoping;
          if (!sameDecisions) throw conflict(`Version ${spec.version} of "${existingApi.name}" is already published with other decisions (scopes or account identifiers). Publish the change under a new info.version.`);
          return { result: { status: "unchanged" as const, apiId: existingApi.id }, audit: [] };
        }
        throw conflict(`Version ${spec.version} of "${existingApi.name}" is already published with different content. Publish it under a new info.version.`);
      }
      assertScorecardAccepted(await getBankSettings(tx), scorecard);
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
          scorecard: scorecard as Prisma.InputJsonObject,
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
      // Only a new newest version is news for apps on older ones; a back-filled one is not.
      const notifiedApps = existingApi && isNewest ? await notifyAppsOnOlderVersions(tx, { apiId: api.id, name: spec.name, slug: spec.slug, version: spec.version, newVersionId: version.id, changelog }) : 0;
      return {
        result: { status: "created" as const, apiId: api.id },
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
              score: scorecard.score,
              scorecardErrors: scorecard.counts.error,
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

  const changes = changelog && !changelog.error ? { from: changelog.from, breaking: changelog.counts.breaking, total: changelog.changes.length + changelog.omitted } : null;
  return {
    ...result,
    slug: spec.slug,
    name: spec.name,
    version: spec.version,
    operations: spec.operations.length,
    webhooks: spec.webhooks,
    ...(spec.convertedFrom ? { convertedFrom: spec.convertedFrom } : {}),
    generatedOperationIds: spec.generatedOperationIds,
    defaultScopes: Object.keys(overlay.scopeDefaults).length,
    accountMarks: overlay.accountMarks.length,
    noAccountScoping: overlay.noAccountScoping,
    scorecard,
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

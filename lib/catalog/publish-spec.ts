// The one import pipeline. Admin upload, the management endpoint (a bank's
// CI), `npm run catalog:import` and the demo seed all publish through here:
// size → parse (line/column) → validate + dereference (JSON pointer) → our
// rules → scorecard (Spectral) and changelog against the previous version →
// ONE transaction (the bank's scorecard rule, API, version, operations,
// notifications, audit) → tell every process the catalogue changed. Any
// failure before or inside the transaction leaves nothing behind.
import { createHash } from "node:crypto";
import { getDb, type Prisma } from "@/lib/db";
import type { SpecScorecard } from "@/lib/db/json-columns";
import { auditedChange, type Change } from "@/lib/audit/audited-change";
import { assertAllowed } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";
import { PorticoError, conflict } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { assertScorecardAccepted } from "./assert-scorecard-accepted";
import { compareVersions } from "./compare-versions";
import { assertExpandedSize } from "./assert-expanded-size";
import { parseSpecDocument } from "./parse-spec-document";
import { lintSpec } from "./lint-spec";
import { validateSpec } from "./validate-spec";
import { changelogFromPrevious, notifyAppsOnOlderVersions } from "./version-changelog";

export type PublishResult = {
  status: "created" | "unchanged";
  apiId: string;
  slug: string;
  name: string;
  version: string;
  operations: number;
  /** This import's scorecard (for "unchanged", of the content already published). */
  scorecard: SpecScorecard;
  /** Changes from the previous version: breaking ones, and all. Null for an API's first version. */
  changes: { from: string; breaking: number; total: number } | null;
};

export async function publishSpec({
  actor,
  unverifiedSpec,
  filename,
}: {
  /** An admin, or a system actor (CLI, seed, an authenticated management token). */
  actor: Actor;
  unverifiedSpec: string;
  filename?: string;
}): Promise<PublishResult> {
  // Checked before the (costly) parse as well as by auditedChange: nobody
  // else gets a spec parsed.
  assertAllowed(actor, publishSpec.roles);
  const document = parseSpecDocument({ text: unverifiedSpec, filename });
  const spec = await validateSpec({ document });
  // Dereferencing writes every $ref out in full in the stored copy: the same budget again.
  assertExpandedSize(spec.resolved, { what: "spec with its references resolved" });

  // Canonical JSON, so the same spec sent as YAML or JSON is the same content.
  // The stored column holds the same value, so the hash covers what is stored.
  const specSha256 = createHash("sha256").update(JSON.stringify(document)).digest("hex");
  const scorecard = await lintSpec(document);
  const changelog = await changelogFromPrevious(getDb(), { slug: spec.slug, version: spec.version, resolved: spec.resolved });

  const result = await auditedChange({
    actor,
    roles: publishSpec.roles,
    change: async (tx): Promise<Change<{ status: PublishResult["status"]; apiId: string }>> => {
      const existingApi = await tx.api.findUnique({ where: { slug: spec.slug }, include: { versions: { select: { version: true, specSha256: true, id: true } } } });
      const same = existingApi?.versions.find((v) => v.version === spec.version);
      if (existingApi && same) {
        if (same.specSha256 === specSha256) {
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
          scopes: spec.scopes,
          specSource: document as Prisma.InputJsonObject,
          specResolved: spec.resolved as Prisma.InputJsonObject,
          specSha256,
          sizeBytes: Buffer.byteLength(unverifiedSpec, "utf8"),
          publishedById: actor.kind === "user" ? actor.id : null,
          scorecard: scorecard as Prisma.InputJsonObject,
          changelog: (changelog ?? undefined) as Prisma.InputJsonObject | undefined,
        },
      });
      await tx.apiOperation.createMany({
        data: spec.operations.map((o) => ({
          apiVersionId: version.id,
          operationId: o.operationId,
          method: o.method,
          path: o.path,
          summary: o.summary,
          description: o.description,
          tags: o.tags,
          scopes: o.scopes,
          fieldNames: o.fieldNames.join(" "),
        })),
      });
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
              score: scorecard.score,
              scorecardErrors: scorecard.counts.error,
              ...(changelog ? { changedFrom: changelog.from, breakingChanges: changelog.counts.breaking, notifiedApps } : {}),
            },
          },
        ],
        publish: [{ kind: "catalog" }],
      };
    },
    // Hundreds of operations are one createMany, but give slow disks room.
    transaction: { timeout: 60_000, maxWait: 10_000 },
  });

  const changes = changelog && !changelog.error ? { from: changelog.from, breaking: changelog.counts.breaking, total: changelog.changes.length + changelog.omitted } : null;
  return { ...result, slug: spec.slug, name: spec.name, version: spec.version, operations: spec.operations.length, scorecard, changes };
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

// One API version as the actor may see it, with its operations and the
// API's other versions. Not visible (restricted to another organisation,
// retired for a developer, or simply absent) is the same 404.
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { notFound } from "@/lib/errors";
import { orderVersions } from "./list-apis";
import { storedDocument } from "@/lib/openapi/stored-document";
import { definedScopes, operationScopes, overlayAccountMarks, overlayScopeDefaults, specTags, storedChangelog, storedScorecard, type ScorecardState, type SpecScorecard } from "@/lib/db/json-columns";
import { shownScorecardState } from "./shown-scorecard-state";
import { isRole } from "@/lib/authz/actor";
import { visibleApiWhere, visibleVersionWhere } from "./visible-api-where";

export type ApiVersionDetail = Awaited<ReturnType<typeof getApiVersion>>;

/**
 * The scorecard as the actor may see it: everyone who sees the version sees
 * its score; only admins, who publish, see the findings (what to fix, where).
 */
export type ScorecardView = Pick<SpecScorecard, "score" | "counts" | "rules"> & { detail: Pick<SpecScorecard, "failedRules" | "findings" | "omitted" | "rulesets"> | null };

function scorecardFor(actor: Actor, state: ScorecardState | null): ScorecardView | null {
  if (state?.state !== "ready") return null;
  const { score, counts, rules, failedRules, findings, omitted, rulesets } = state.scorecard;
  return { score, counts, rules, detail: isRole(actor, "admin") ? { failedRules, findings, omitted, rulesets } : null };
}

/** A scorecard not (yet) there: still being computed after the publish, or failed (the reason is public: a limit, or "could not lint"). */
export type ScorecardProgress = { state: "pending" } | { state: "failed"; reason: string } | null;

function progressOf(state: ScorecardState | null): ScorecardProgress {
  if (state?.state === "pending") return { state: "pending" };
  if (state?.state === "failed") return { state: "failed", reason: state.reason };
  return null;
}

export async function getApiVersion({ actor, slug, version }: { actor: Actor; slug: string; version?: string }) {
  const api = await getDb().api.findFirst({
    where: { AND: [{ slug }, visibleApiWhere(actor)] },
    include: { versions: { where: visibleVersionWhere(actor), select: { id: true, version: true, lifecycle: true, createdAt: true } } },
  });
  if (!api) throw notFound("No such API");
  const ordered = orderVersions(api.versions);
  const chosen = version === undefined ? (ordered.latest ?? ordered.versions[0]) : ordered.versions.find((v) => v.version === version);
  if (!chosen) throw notFound("No such API version");
  const row = await getDb().apiVersion.findUniqueOrThrow({
    where: { id: chosen.id },
    include: { operations: { orderBy: [{ path: "asc" }, { method: "asc" }] }, overlay: true },
  });
  return {
    api: { id: api.id, slug: api.slug, name: api.name, summary: api.summary, category: api.category, visibility: api.visibility },
    versions: ordered.versions,
    latestVersion: ordered.latest?.version,
    version: {
      id: row.id,
      version: row.version,
      lifecycle: row.lifecycle,
      title: row.title,
      description: row.description,
      tags: specTags(row.tags),
      scopes: definedScopes(row.scopes),
      specSource: storedDocument(row.specSource),
      specResolved: storedDocument(row.specResolved),
      sizeBytes: row.sizeBytes,
      /** The publisher's decisions beside the spec (ApiVersionOverlay); empty for versions published before overlays. */
      overlay: {
        scopeDefaults: row.overlay ? overlayScopeDefaults(row.overlay.scopeDefaults) : {},
        accountMarks: row.overlay ? overlayAccountMarks(row.overlay.accountMarks) : [],
        noAccountScoping: row.overlay?.noAccountScoping ?? false,
      },
      createdAt: row.createdAt,
      deprecatedAt: row.deprecatedAt,
      sunsetAt: row.sunsetAt,
      scorecard: scorecardFor(actor, shownScorecardState(storedScorecard(row.scorecard))),
      /** Set while the scorecard is computed after the publish, or when that failed; null when it is there (or predates scorecards). */
      scorecardProgress: progressOf(shownScorecardState(storedScorecard(row.scorecard))),
      changelog: storedChangelog(row.changelog),
    },
    operations: row.operations.map((o) => ({
      operationId: o.operationId,
      method: o.method,
      path: o.path,
      summary: o.summary,
      tags: specTags(o.tags),
      scopes: operationScopes(o.scopes),
    })),
  };
}

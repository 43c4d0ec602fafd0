// The catalogue as the actor may see it: each API with its versions, newest
// first, and the latest (by semver) that is not retired marked as default.
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { shownScorecardState } from "./shown-scorecard-state";
import { storedScorecard, type ScorecardState } from "@/lib/db/json-columns";
import { compareVersions } from "./compare-versions";
import { seesWholeCatalog, visibleApiWhere, visibleVersionWhere, type Lifecycle } from "./visible-api-where";

export type CatalogVersion = {
  id: string;
  version: string;
  lifecycle: Lifecycle;
  operationCount: number;
  createdAt: Date;
  /** The publish-time scorecard's score (0–100); null for a version published before scorecards. */
  score: number | null;
  /** "pending" while the scorecard is computed after the publish, "failed" if that failed; null when there is one (or none predates scorecards). */
  scorecardProgress: "pending" | "failed" | null;
  /** The sunset date an admin set when deprecating it. */
  sunsetAt: Date | null;
};
export type CatalogApi = {
  id: string;
  slug: string;
  name: string;
  summary: string;
  category: string;
  visibility: "registered" | "restricted";
  /** Sandbox apps asking only for self-service APIs are approved by policy (lib/apps/self-service-policy.ts). */
  selfService: boolean;
  /** Organisations a restricted API is shared with; empty for developers (not theirs to know). */
  organisations: { id: string; name: string; slug: string }[];
  versions: CatalogVersion[];
  /** The default version: newest that is not retired; undefined when all are retired. */
  latest?: CatalogVersion;
};

/** Newest first; the default is the newest not retired (deprecated still counts, as it still works). */
export function orderVersions<T extends { version: string; lifecycle: string }>(versions: T[]): { versions: T[]; latest?: T } {
  const sorted = [...versions].sort((a, b) => compareVersions(b.version, a.version));
  return { versions: sorted, latest: sorted.find((v) => v.lifecycle !== "retired") };
}

export async function listApis({ actor, category }: { actor: Actor; category?: string }): Promise<CatalogApi[]> {
  const staff = seesWholeCatalog(actor);
  const rows = await getDb().api.findMany({
    where: { AND: [visibleApiWhere(actor), category ? { category } : {}] },
    orderBy: [{ category: "asc" }, { name: "asc" }],
    include: {
      versions: {
        where: visibleVersionWhere(actor),
        select: { id: true, version: true, lifecycle: true, createdAt: true, sunsetAt: true, scorecard: true, _count: { select: { operations: true } } },
      },
    },
  });
  // Staff only: a developer is not told whom a restricted API is shared with
  // (nor does their catalogue page pay for two more queries).
  const shares = staff
    ? await getDb().apiOrganisationAccess.findMany({
        where: { apiId: { in: rows.map((a) => a.id) } },
        select: { apiId: true, organisation: { select: { id: true, name: true, slug: true } } },
      })
    : [];
  return rows
    .map((api) => {
      const { versions, latest } = orderVersions(
        api.versions.map((v) => ({
          id: v.id,
          version: v.version,
          lifecycle: v.lifecycle,
          operationCount: v._count.operations,
          createdAt: v.createdAt,
          ...scoreOf(shownScorecardState(storedScorecard(v.scorecard))),
          sunsetAt: v.sunsetAt,
        })),
      );
      return {
        id: api.id,
        slug: api.slug,
        name: api.name,
        summary: api.summary,
        category: api.category,
        visibility: api.visibility as CatalogApi["visibility"],
        selfService: api.selfService,
        organisations: shares.filter((s) => s.apiId === api.id).map((s) => s.organisation),
        versions,
        latest,
      };
    })
    // A developer does not see an API whose every version is retired.
    .filter((api) => staff || api.latest);
}

function scoreOf(state: ScorecardState | null): Pick<CatalogVersion, "score" | "scorecardProgress"> {
  if (state?.state === "ready") return { score: state.scorecard.score, scorecardProgress: null };
  return { score: null, scorecardProgress: state?.state ?? null };
}

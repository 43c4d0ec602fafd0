// One search box across API names and descriptions, operations (summary,
// path, operationId) and parameter/schema property names. Ranked and
// typo-tolerant (search-index.ts); visibility-aware: hits are filtered by
// the APIs the actor may see, read from the database on every search.
import type MiniSearch from "minisearch";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { badRequest } from "@/lib/errors";
import { getSearchIndex, type SearchDoc } from "./search-index";
import { visibleApiWhere } from "./visible-api-where";

export type SearchHit = {
  kind: "api" | "operation";
  slug: string;
  apiName: string;
  version: string;
  title: string;
  operationId?: string;
  method?: string;
  path?: string;
  /** Query terms that matched, and in which fields: lets the UI say why it matched. */
  matched: string[];
  score: number;
  /** Deep link into the docs; Elements routes operations as #/operations/<operationId>. */
  href: string;
};

export function docsHref(slug: string, version: string, operationId?: string): string {
  const base = `/apis/${encodeURIComponent(slug)}/${encodeURIComponent(version)}/docs`;
  return operationId ? `${base}#/operations/${encodeURIComponent(operationId)}` : base;
}

/** Ranks hits among the APIs `visible` allows. Separate from the database for the benchmark. */
export function rankHits(index: MiniSearch<SearchDoc>, query: string, visible: (apiId: string) => boolean, limit = 20): SearchHit[] {
  return index
    .search(query, { filter: (r) => visible(r.apiId as string) })
    .slice(0, limit)
    .map((r) => {
      const d = r as unknown as SearchDoc & { score: number; match: Record<string, string[]> };
      return {
        kind: d.kind,
        slug: d.slug,
        apiName: d.apiName,
        version: d.version,
        title: d.title,
        operationId: d.operationId,
        method: d.method,
        path: d.path,
        matched: Object.entries(d.match).map(([term, fields]) => `${term} (${fields.join(", ")})`),
        score: Math.round(d.score * 100) / 100,
        href: d.kind === "operation" ? docsHref(d.slug, d.version, d.operationId) : `/apis/${encodeURIComponent(d.slug)}`,
      };
    });
}

export async function searchCatalog({ actor, unverifiedQuery, limit = 20 }: { actor: Actor; unverifiedQuery: unknown; limit?: number }): Promise<{ query: string; hits: SearchHit[] }> {
  const query = typeof unverifiedQuery === "string" ? unverifiedQuery.trim() : "";
  if (query.length > 200) throw badRequest("Search for at most 200 characters");
  // Visibility first: an anonymous or unknown actor throws here, before any index access.
  const where = visibleApiWhere(actor);
  if (!query) return { query, hits: [] };
  const [visible, index] = await Promise.all([getDb().api.findMany({ where, select: { id: true } }), getSearchIndex()]);
  const ids = new Set(visible.map((a) => a.id));
  return { query, hits: rankHits(index, query, (id) => ids.has(id), limit) };
}

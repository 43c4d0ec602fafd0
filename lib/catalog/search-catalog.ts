// One search box across API names and descriptions, operations (summary,
// path, operationId, tags) and parameter/schema property names. Ranked by
// field, stemmed and typo-tolerant (search-index.ts), each hit with why it
// matched in words (match-reasons.ts); visibility-aware: hits are filtered by
// the APIs the actor may see, read from the database on every search.
import type MiniSearch from "minisearch";
import type { SearchResult } from "minisearch";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { badRequest } from "@/lib/errors";
import { expandTerm, getSearchIndex, queryTerms, tokenize, type SearchDoc } from "./search-index";
import { matchReasons } from "./match-reasons";
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
  /** Why it matched, in words ("matched the operation summary: “Freeze a card”"), weightiest first. */
  why: string[];
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
  const filter = (r: SearchResult) => visible(r.apiId as string);
  // Each word as written or by its stem (queryTerms); hits with every word
  // first, and only when none has them all, any word.
  const tokens = tokenize(query);
  const words = tokens.map((word) => ({ combineWith: "OR" as const, queries: [word] }));
  // A query that names an API ("Payments API", "cards") lands on the API
  // before its operations; a word its description merely mentions does not
  // lift it above the operation that does the thing ("freeze card").
  const namesApi = new Map<string, boolean>();
  const boostDocument = (id: string, _term: string, stored?: Record<string, unknown>) => {
    if (!id.startsWith("api:")) return 1;
    if (!namesApi.has(id)) {
      const nameTerms = new Set(tokenize(String(stored?.title ?? "")).flatMap((w) => expandTerm(w) ?? []));
      namesApi.set(id, tokens.every((t) => queryTerms(t).some((q) => nameTerms.has(q))));
    }
    return namesApi.get(id) ? 1.6 : 1;
  };
  const all = index.search({ combineWith: "AND", queries: words }, { filter, boostDocument });
  return (all.length ? all : index.search({ combineWith: "OR", queries: words }, { filter, boostDocument }))
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
        why: matchReasons(d, d.match),
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

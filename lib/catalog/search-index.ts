// The in-memory search index: one document per API and one per operation of
// each API's default version (newest not retired). Built lazily at first
// search and dropped whenever the catalogue changes (publish, lifecycle,
// visibility — in this process or, through Redis, in another one).
//
// The index holds every API; it is NOT the visibility check. searchCatalog
// filters hits by the actor's visible APIs, read from the database on every
// search, so a stale index can never show a restricted API.
import MiniSearch from "minisearch";
import { stemmer } from "stemmer";
import { getDb } from "@/lib/db";
import { specTags } from "@/lib/db/json-columns";
import { changeGeneration, onChange } from "@/lib/broadcast/change-bus";
import { orderVersions } from "./list-apis";

export type SearchDoc = {
  id: string;
  kind: "api" | "operation";
  apiId: string;
  slug: string;
  apiName: string;
  version: string;
  title: string;
  description: string;
  tags: string;
  operationId?: string;
  method?: string;
  path?: string;
  fieldNames?: string;
};

export type IndexEntry = {
  apiId: string;
  slug: string;
  name: string;
  summary: string;
  category: string;
  version: string;
  description: string;
  tags: string[];
  operations: { id: string; operationId: string; method: string; path: string; summary: string; description: string; tags: string[]; fieldNames: string }[];
};

const FIELDS = ["title", "apiName", "operationId", "path", "fieldNames", "tags", "description"] as const;
export type SearchField = (typeof FIELDS)[number];

/**
 * How much a match in each field says. An operation's summary (its title)
 * and operationId name what it does; its path and tags place it; a field
 * name shows it carries that datum; the API's name is shared by all of its
 * operations and a description mentions many things in passing.
 */
export const FIELD_BOOSTS: Record<SearchField, number> = { title: 4, operationId: 3, path: 2, tags: 2, fieldNames: 1.5, apiName: 1.5, description: 0.5 };

/**
 * One word → the index terms it stands for, as written and stemmed (Porter,
 * via the `stemmer` library) so "limit" finds "limits" and "freezing" finds
 * "freeze". "createDomesticPayment" → also "create", "domestic",
 * "payment" (and their stems), so either form finds it.
 */
export function expandTerm(term: string): string[] | null {
  if (!term) return null;
  const lower = term.toLowerCase();
  const parts = term
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(" ")
    .filter((p) => p.length > 1 && p !== lower);
  // The word as written too: a typo is nearer the word than its stem
  // ("freze" is one edit from "freeze", two from "freez").
  return [...new Set([lower, ...parts].flatMap((word) => [word, stemmer(word)]))];
}

/**
 * A query word → the word and its stem (the index already holds compounds
 * and their parts). rankHits ORs the two and ANDs the words, so the word as
 * written ranks an exact form ("transactions") above a mere shared stem.
 */
export function queryTerms(term: string): string[] {
  const lower = term.toLowerCase();
  const stem = stemmer(lower);
  return stem === lower ? [lower] : [lower, stem];
}

export const tokenize = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export function buildSearchIndex(entries: IndexEntry[]): MiniSearch<SearchDoc> {
  const index = new MiniSearch<SearchDoc>({
    idField: "id",
    fields: [...FIELDS],
    // Stored to say in words why a hit matched (search-catalog.ts).
    storeFields: ["kind", "apiId", "slug", "apiName", "version", "title", "operationId", "method", "path", "description", "tags", "fieldNames"],
    tokenize,
    processTerm: expandTerm,
    searchOptions: {
      boost: FIELD_BOOSTS,
      // Typo tolerance: one edit from five letters, two from ten. Not more:
      // two edits turn "standing" into "spending".
      // Only the word as typed: its stem (queryTerms' second term) is matched
      // exactly and by prefix, which halves the costly fuzzy walks.
      fuzzy: (term, i) => (i > 0 ? false : term.length >= 10 ? 2 : term.length >= 5 ? 1 : false),
      // Every word of a multi-word query must match ("standing order" is
      // not "anything with order"); rankHits falls back to any word when
      // nothing has them all.
      combineWith: "AND",
      prefix: (term) => term.length > 3,
      tokenize,
      processTerm: queryTerms,
    },
  });
  const docs: SearchDoc[] = [];
  for (const e of entries) {
    docs.push({ id: `api:${e.apiId}`, kind: "api", apiId: e.apiId, slug: e.slug, apiName: e.name, version: e.version, title: e.name, description: `${e.summary} ${e.description}`.slice(0, 2000), tags: [...new Set([e.category, ...e.tags])].join(" ") });
    for (const o of e.operations) {
      docs.push({
        id: `op:${o.id}`,
        kind: "operation",
        apiId: e.apiId,
        slug: e.slug,
        apiName: e.name,
        version: e.version,
        title: o.summary || o.operationId,
        description: o.description.slice(0, 1000),
        tags: o.tags.join(" "),
        operationId: o.operationId,
        method: o.method,
        path: o.path,
        fieldNames: o.fieldNames,
      });
    }
  }
  index.addAll(docs);
  return index;
}

/** Reads the default version of every API (regardless of visibility: filtering happens per search). */
export async function loadIndexEntries(): Promise<IndexEntry[]> {
  const apis = await getDb().api.findMany({
    include: { versions: { where: { lifecycle: { not: "retired" } }, select: { id: true, version: true, lifecycle: true } } },
  });
  const latestIds = new Map<string, string>();
  for (const api of apis) {
    const { latest } = orderVersions(api.versions);
    if (latest) latestIds.set(latest.id, api.id);
  }
  const versions = await getDb().apiVersion.findMany({
    where: { id: { in: [...latestIds.keys()] } },
    select: { id: true, apiId: true, version: true, description: true, tags: true, operations: { select: { id: true, operationId: true, method: true, path: true, summary: true, description: true, tags: true, fieldNames: true } } },
  });
  const byApi = new Map(apis.map((a) => [a.id, a]));
  return versions.map((v) => {
    const api = byApi.get(v.apiId)!;
    return {
      apiId: api.id,
      slug: api.slug,
      name: api.name,
      summary: api.summary,
      category: api.category,
      version: v.version,
      description: v.description,
      tags: specTags(v.tags),
      operations: v.operations.map((o) => ({ ...o, tags: specTags(o.tags) })),
    };
  });
}

type IndexState = { index?: Promise<MiniSearch<SearchDoc>>; unsubscribe?: () => void };
const key = Symbol.for("portico.catalog-search-index");

function state(): IndexState {
  const g = globalThis as { [key]?: IndexState };
  if (!g[key]) {
    const s: IndexState = {};
    s.unsubscribe = onChange((event) => {
      if (event.kind === "catalog") s.index = undefined;
    });
    g[key] = s;
  }
  return g[key];
}

/** The process's index, built on first use and after every catalogue change. */
export function getSearchIndex(): Promise<MiniSearch<SearchDoc>> {
  const s = state();
  if (!s.index) {
    const generation = changeGeneration();
    const building = loadIndexEntries().then(buildSearchIndex);
    s.index = building;
    // A change that lands while we read would be missed: build again next time.
    building.then(
      () => {
        if (changeGeneration() !== generation && s.index === building) s.index = undefined;
      },
      () => {
        if (s.index === building) s.index = undefined;
      },
    );
  }
  return s.index;
}

// Why a search hit matched, in words a developer reads ("matched the
// operation summary: “Freeze a card”"), from the engine's term → fields
// match details, which never leave the server as they are.
import { expandTerm, FIELD_BOOSTS, type SearchDoc, type SearchField } from "./search-index";

const SNIPPET_CONTEXT = 40;
const MAX_REASONS = 3;

/** The words of `text` that stand for one of `terms` (index terms: lowercased, split, stemmed). */
function matchingWords(text: string, terms: ReadonlySet<string>): { word: string; at: number }[] {
  const found: { word: string; at: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if ((expandTerm(m[0]) ?? []).some((t) => terms.has(t))) found.push({ word: m[0], at: m.index });
  }
  return found;
}

/** Short text whole; long text as the stretch around its first matching word. */
function snippet(text: string, terms: ReadonlySet<string>): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= SNIPPET_CONTEXT * 2) return clean;
  const first = matchingWords(clean, terms)[0];
  if (!first) return `${clean.slice(0, SNIPPET_CONTEXT * 2).trimEnd()}…`;
  const start = Math.max(0, clean.lastIndexOf(" ", Math.max(0, first.at - SNIPPET_CONTEXT)) + 1);
  const endSpace = clean.indexOf(" ", first.at + first.word.length + SNIPPET_CONTEXT);
  const end = endSpace === -1 ? clean.length : endSpace;
  return `${start > 0 ? "…" : ""}${clean.slice(start, end)}${end < clean.length ? "…" : ""}`;
}

const list = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

function reason(doc: SearchDoc, field: SearchField, terms: ReadonlySet<string>): string | undefined {
  const isApi = doc.kind === "api";
  switch (field) {
    case "title":
      return isApi ? `matched the API name “${doc.title}”` : `matched the operation summary: “${snippet(doc.title, terms)}”`;
    case "operationId":
      return doc.operationId ? `matched the operationId ${doc.operationId}` : undefined;
    case "path":
      return doc.path ? `matched the path ${doc.path}` : undefined;
    case "tags": {
      const tags = doc.tags.split(" ").filter((t) => matchingWords(t, terms).length);
      return tags.length ? `tagged ${list(tags.map((t) => `“${t}”`))}` : undefined;
    }
    case "fieldNames": {
      const names = [...new Set((doc.fieldNames ?? "").split(" ").filter((n) => n && matchingWords(n, terms).length))];
      if (!names.length) return undefined;
      const shown = names.slice(0, 3);
      return `has the field${names.length > 1 ? "s" : ""} ${list(shown)}${names.length > shown.length ? ` (and ${names.length - shown.length} more)` : ""}`;
    }
    case "apiName":
      return isApi ? undefined : `is part of the ${doc.apiName}`;
    case "description":
      return doc.description ? `matched the ${isApi ? "API" : "operation"} description: “${snippet(doc.description, terms)}”` : undefined;
  }
}

/**
 * Up to three reasons, the weightiest field first (the order of
 * FIELD_BOOSTS). `match` is MiniSearch's: each matched index term and the
 * fields it was found in.
 */
export function matchReasons(doc: SearchDoc, match: Readonly<Record<string, readonly string[]>>): string[] {
  const termsByField = new Map<SearchField, Set<string>>();
  for (const [term, fields] of Object.entries(match)) {
    for (const field of fields as SearchField[]) {
      if (!termsByField.has(field)) termsByField.set(field, new Set());
      termsByField.get(field)!.add(term);
    }
  }
  const fields = (Object.keys(FIELD_BOOSTS) as SearchField[]).sort((a, b) => FIELD_BOOSTS[b] - FIELD_BOOSTS[a]).filter((f) => termsByField.has(f));
  // The API's name says little when the operation matched on something of its own.
  const own = fields.filter((f) => f !== "apiName");
  const reasons: string[] = [];
  for (const field of own.length ? own : fields) {
    const text = reason(doc, field, termsByField.get(field)!);
    if (text) reasons.push(text);
    if (reasons.length === MAX_REASONS) break;
  }
  return reasons;
}

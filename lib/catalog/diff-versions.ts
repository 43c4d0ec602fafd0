// The breaking-change report between two versions of one API:
// api-smart-diff compares the two documents and classifies each change as
// breaking, deprecated, non-breaking, unclassified or an annotation
// (descriptions, examples). A pure async function of the two documents, so
// it can run in a worker thread later. A comparison that fails is reported,
// never thrown: a changelog is information and does not decide whether a
// version publishes.
//
// api-smart-diff does no I/O: it follows only $refs inside each document.
// The report keeps its description and a pointer per change, never the
// values compared, so a changelog is small and holds no example data.
import { apiCompare, type Diff } from "api-smart-diff";
import type { ChangelogEntry, ChangeType, VersionChangelog } from "@/lib/db/json-columns";

/** Changes kept with the version; `counts` covers all of them. */
export const MAX_CHANGES = 200;
const MAX_TEXT = 300;

const ORDER: ChangeType[] = ["breaking", "deprecated", "non-breaking", "unclassified", "annotation"];
const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const toPointer = (path: readonly (string | number)[]) => path.map((p) => "/" + escapePointer(String(p))).join("");
const ACTION_WORD = { add: "Added", remove: "Removed", replace: "Changed", rename: "Renamed" } as const;

/**
 * The changes from `older` to `newer`, both OpenAPI documents as stored.
 * `older.version` names the version compared against in the report.
 */
export async function diffVersions(older: { version: string; document: Record<string, unknown> }, newer: { document: Record<string, unknown> }): Promise<VersionChangelog> {
  const counts: Record<ChangeType, number> = { breaking: 0, deprecated: 0, "non-breaking": 0, unclassified: 0, annotation: 0 };
  let diffs: Diff[];
  try {
    // It resolves $refs as it walks; give it copies, so the caller's documents stay as they are.
    ({ diffs } = apiCompare(structuredClone(older.document), structuredClone(newer.document)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { from: older.version, counts, changes: [], omitted: 0, error: `The versions could not be compared: ${message.slice(0, MAX_TEXT)}` };
  }
  const changes: ChangelogEntry[] = [];
  for (const d of diffs) {
    counts[d.type]++;
    if (d.type === "annotation") continue;
    const pointer = toPointer(d.path);
    changes.push({ type: d.type, action: d.action, description: (d.description ?? `${ACTION_WORD[d.action]} ${pointer}`).slice(0, MAX_TEXT), pointer });
  }
  changes.sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
  return { from: older.version, counts, changes: changes.slice(0, MAX_CHANGES), omitted: Math.max(0, changes.length - MAX_CHANGES) };
}

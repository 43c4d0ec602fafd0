import { Badge } from "@/components/ui/card";
import type { ChangelogEntry, VersionChangelog } from "@/lib/db/json-columns";

const TONE = { breaking: "red", deprecated: "amber", "non-breaking": "green", unclassified: "gray" } as const;
const HEADING: Record<ChangelogEntry["type"], string> = { breaking: "Breaking", deprecated: "Deprecated", "non-breaking": "Non-breaking", unclassified: "Unclassified" };

/** What changed since the previous version, breaking changes first. */
export function ChangelogPanel({ changelog, version }: { changelog: VersionChangelog; version: string }) {
  const groups = (Object.keys(HEADING) as ChangelogEntry["type"][]).map((type) => ({ type, entries: changelog.changes.filter((c) => c.type === type) })).filter((g) => g.entries.length);
  return (
    <section id="changelog" aria-labelledby="changelog-heading">
      <h2 id="changelog-heading" className="font-semibold text-slate-900">Changes from {changelog.from} to {version}</h2>
      {changelog.error ? <p className="mt-2 text-sm text-slate-700">{changelog.error}</p> : null}
      {!changelog.error ? (
        <p className="mt-1 flex flex-wrap gap-1 text-sm" aria-label="Changes by kind">
          <Badge tone={changelog.counts.breaking ? "red" : "green"}>{changelog.counts.breaking} breaking</Badge>
          <Badge tone="green">{changelog.counts["non-breaking"]} non-breaking</Badge>
          {changelog.counts.deprecated ? <Badge tone="amber">{changelog.counts.deprecated} deprecated</Badge> : null}
          {changelog.counts.unclassified ? <Badge>{changelog.counts.unclassified} unclassified</Badge> : null}
          {changelog.counts.annotation ? <Badge>{changelog.counts.annotation} to descriptions and examples</Badge> : null}
        </p>
      ) : null}
      {groups.map((g) => (
        <div key={g.type} className="mt-3">
          <h3 className="text-sm font-semibold text-slate-800">{HEADING[g.type]}</h3>
          <ul className="mt-1 divide-y divide-slate-100 text-sm" aria-label={`${HEADING[g.type]} changes`}>
            {g.entries.map((c, i) => (
              <li key={i} className="py-1.5">
                <Badge tone={TONE[c.type]}>{c.action}</Badge> <span className="text-slate-800">{c.description}</span>{" "}
                <code className="break-all rounded bg-slate-100 px-1 text-xs text-slate-600">{c.pointer}</code>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {changelog.omitted ? <p className="mt-2 text-xs text-slate-500">{changelog.omitted} more changes not listed.</p> : null}
    </section>
  );
}

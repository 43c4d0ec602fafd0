// Publishing's side of the breaking-change report: which version a new one
// is compared with, and who hears about it. The comparison itself is
// diff-versions.ts, a pure function run in the analysis thread.
import type { Db, Tx } from "@/lib/db";
import type { VersionChangelog } from "@/lib/db/json-columns";
import { notify } from "@/lib/notifications/notify";
import { compareVersions } from "./compare-versions";
import { readResolvedSpecText } from "./read-spec-document";
import { runAnalysis } from "./run-analysis";

/**
 * The changes from the API's newest version older than `version` (whatever
 * its lifecycle) to this one; null for an API's first version. Read before
 * the publishing transaction, so the comparison does not hold it open; the
 * report names the version it compared against, so it stays true if
 * another version is published meanwhile.
 */
export async function changelogFromPrevious(db: Db, options: { slug: string; version: string; resolvedJson: string }): Promise<VersionChangelog | null> {
  const versions = await db.apiVersion.findMany({ where: { api: { slug: options.slug } }, select: { id: true, version: true } });
  const older = versions.filter((v) => compareVersions(v.version, options.version) < 0).sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!older) return null;
  const olderResolvedJson = await readResolvedSpecText(db, older.id);
  if (olderResolvedJson === undefined) return null;
  // Diffing two large documents takes seconds: in the analysis thread, off the event loop.
  return runAnalysis("diff-versions", { olderVersion: older.version, olderResolvedJson, newerResolvedJson: options.resolvedJson });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Tells the developers of every organisation with an app granted an older
 * version of the API that a newer one is out, and how many of its changes
 * break, in the publishing transaction. Returns how many apps were concerned.
 */
export async function notifyAppsOnOlderVersions(
  tx: Tx,
  options: { apiId: string; name: string; slug: string; version: string; newVersionId: string; changelog: VersionChangelog | null },
): Promise<number> {
  const grants = await tx.appApi.findMany({
    where: { apiVersion: { apiId: options.apiId, id: { not: options.newVersionId } } },
    select: { app: { select: { id: true, name: true, organisationId: true } }, apiVersion: { select: { version: true } } },
  });
  const older = grants.filter((g) => compareVersions(g.apiVersion.version, options.version) < 0);
  if (older.length === 0) return 0;
  const byOrganisation = new Map<string, string[]>();
  for (const g of older) byOrganisation.set(g.app.organisationId, [...(byOrganisation.get(g.app.organisationId) ?? []), `${g.app.name} (${g.apiVersion.version})`]);
  const c = options.changelog;
  const changes = !c ? "" : c.error ? " (the changes could not be listed)" : `: ${plural(c.counts.breaking, "breaking change")} since ${c.from}`;
  const link = `/apis/${encodeURIComponent(options.slug)}/${encodeURIComponent(options.version)}#changelog`;
  for (const [organisationId, apps] of byOrganisation) {
    const developers = await tx.user.findMany({ where: { organisationId, role: "developer", status: "active" }, select: { id: true } });
    const message = `${options.name} ${options.version} is published${changes}. Your apps on an older version: ${apps.join(", ")}.`;
    // By email too (to those who chose it) when something breaks: that is what needs work on their side.
    const mail = c && !c.error && c.counts.breaking > 0 ? { event: "breaking_change" as const, subject: `${options.name} ${options.version}: breaking changes` } : undefined;
    for (const developer of developers) await notify(tx, { userId: developer.id, message, link, mail });
  }
  return new Set(older.map((g) => g.app.id)).size;
}

import Link from "next/link";
import { Alert, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { utc } from "@/components/compliance/status-badge";
import { clientIp, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { describeChainReport } from "@/lib/audit/describe-chain-report";
import { PorticoError } from "@/lib/errors";
import { auditDetails } from "@/lib/db/json-columns";

export const metadata = { title: "Audit trail" };
export const dynamic = "force-dynamic";

const FILTERS = ["action", "actor", "targetType", "targetId", "from", "to"] as const;
type Search = Partial<Record<(typeof FILTERS)[number] | "before", string>>;

export default async function AuditTrailPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageUser("compliance", "admin");
  const search = await searchParams;
  const filter = Object.fromEntries(FILTERS.filter((k) => search[k]).map((k) => [k, search[k]!]));
  const query = new URLSearchParams(filter).toString();
  const [chain, listed] = await Promise.all([
    verifyAuditChain(),
    listAuditEvents({ actor: actorOf(user, await clientIp()), unverifiedFilter: filter, unverifiedPage: { before: search.before } }).catch((error) => {
      if (error instanceof PorticoError && error.code === "validation_failed") return { error };
      throw error;
    }),
  ]);
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Append-only and hash-chained: each record carries a hash over its content and the previous record's hash. Reading and exporting it are recorded too."
        actions={
          // A plain link: the CSV is a download, not a page the client router could render.
          <a
            href={`/api/compliance/audit/export${query ? `?${query}` : ""}`}
            download
            className="inline-flex items-center justify-center gap-2 rounded-md bg-white px-3.5 py-2 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Export CSV
          </a>
        }
      />
      <div className="mb-4">
        {chain.ok ? (
          <Alert tone="success">
            Chain verified: all {chain.count} records intact
            {chain.lastCheckpoint ? `, up to the signed checkpoint of ${chain.lastCheckpoint.at} (seq ${chain.lastCheckpoint.seq}) and beyond` : ""}.
          </Alert>
        ) : (
          <Alert tone="error">{describeChainReport(chain)}</Alert>
        )}
      </div>
      <Card className="mb-6">
        <form action="/compliance/audit" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7 lg:items-end">
          <Field label="Action" name="action" defaultValue={search.action} placeholder="app.suspend or app.*" />
          <Field label="Actor" name="actor" defaultValue={search.actor} placeholder="email or id" />
          <Field label="Target type" name="targetType" defaultValue={search.targetType} placeholder="app, token, user…" />
          <Field label="Target id" name="targetId" defaultValue={search.targetId} />
          <Field label="From" name="from" type="date" defaultValue={search.from} />
          <Field label="To" name="to" type="date" defaultValue={search.to} />
          <div className="flex gap-2">
            <Button type="submit">Filter</Button>
            <ButtonLink variant="ghost" href="/compliance/audit">Clear</ButtonLink>
          </div>
        </form>
      </Card>
      {"error" in listed ? (
        <Alert tone="error">{listed.error.message}{listed.error.violations?.length ? `: ${listed.error.violations.map((v) => v.message).join("; ")}` : ""}</Alert>
      ) : listed.events.length === 0 ? (
        <EmptyState title="No records match these filters" />
      ) : (
        <Card className="overflow-x-auto p-0">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit records, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">#</th><th className="px-3 py-2">Time</th><th className="px-3 py-2">Actor</th><th className="px-3 py-2">Action</th>
                <th className="px-3 py-2">Target</th><th className="px-3 py-2">Reason</th><th className="px-3 py-2">Source IP</th><th className="px-3 py-2">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {listed.events.map((e) => (
                <tr key={e.seq} className="align-top">
                  <td className="px-3 py-2 font-mono text-xs">{e.seq}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{utc(e.at)}</td>
                  <td className="px-3 py-2 text-xs">{e.actorLabel}<span className="block text-slate-500">{e.actorRole}</span></td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2 text-xs">{e.targetType}{e.targetId ? <span className="block break-all font-mono text-slate-500">{e.targetId}</span> : null}</td>
                  <td className="max-w-xs px-3 py-2 text-xs">{e.reason ?? "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.sourceIp ?? "—"}</td>
                  <td className="max-w-sm px-3 py-2 text-xs text-slate-600">
                    <dl>
                      {Object.entries(auditDetails(e.details)).map(([k, v]) => (
                        <div key={k} className="break-all">
                          <dt className="inline font-medium text-slate-700">{k}:</dt> <dd className="inline font-mono">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {"events" in listed && listed.nextBefore ? (
        <p className="mt-4 text-sm">
          <Link className="font-semibold text-brand-700 hover:underline" href={`/compliance/audit?${new URLSearchParams({ ...filter, before: String(listed.nextBefore) })}`}>Older records →</Link>
        </p>
      ) : null}
    </>
  );
}

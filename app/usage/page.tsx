import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { StatusBadge } from "@/components/compliance/status-badge";
import { UsageCharts } from "@/components/analytics/usage-charts";
import { OperationCharts } from "@/components/analytics/operation-charts";
import { StatusCodeTable } from "@/components/analytics/status-code-table";
import { clientIp, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { summarizeUsage, type UsageStats } from "@/lib/logs/summarize-usage";

export const metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

const RANGES = [1, 7, 14, 30, 90];
/** App cards drawn at once; the rest are listed (a staff view of every app can be long). */
const MAX_CARDS = 20;

const ms = (v: number | null) => (v === null ? "—" : `${v} ms`);

/** Calls, error rate and latency percentiles: the same five cells in every row of every table here. */
function MetricCells({ row }: { row: { calls: number; errorRate: number; p50LatencyMs: number | null; p95LatencyMs: number | null; p99LatencyMs: number | null } }) {
  return (
    <>
      <td className="py-1.5 pr-3 text-right tabular-nums">{row.calls.toLocaleString("en-GB")}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{row.errorRate}%</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{ms(row.p50LatencyMs)}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{ms(row.p95LatencyMs)}</td>
      <td className="py-1.5 text-right tabular-nums">{ms(row.p99LatencyMs)}</td>
    </>
  );
}

function StatusBar({ stats }: { stats: UsageStats }) {
  const classes = [
    ["2xx", stats.statusClasses.s2xx, "bg-emerald-600"],
    ["3xx", stats.statusClasses.s3xx, "bg-sky-600"],
    ["4xx", stats.statusClasses.s4xx, "bg-amber-500"],
    ["5xx", stats.statusClasses.s5xx, "bg-red-700"],
  ] as const;
  return (
    <div className="mt-3">
      <div className="flex h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
        {classes.map(([label, n, color]) => (n ? <div key={label} className={color} style={{ width: `${(n / stats.calls) * 100}%` }} /> : null))}
      </div>
      <p className="mt-1 text-xs text-slate-600">
        Status codes: {classes.map(([label, n]) => `${label} ${n}`).join(" · ")}
      </p>
    </div>
  );
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<{ days?: string; appId?: string; organisationId?: string }> }) {
  const user = await requirePageUser("developer", "admin", "compliance");
  const search = await searchParams;
  const usage = await summarizeUsage({
    actor: actorOf(user, await clientIp()),
    unverifiedOptions: { days: search.days, appId: search.appId, organisationId: user.role === "developer" ? undefined : search.organisationId },
  });
  const keep = { ...(search.appId ? { appId: search.appId } : {}), ...(search.organisationId && user.role !== "developer" ? { organisationId: search.organisationId } : {}) };
  const query = (extra: Record<string, string>) => `?${new URLSearchParams({ ...keep, ...extra })}`;
  const staff = user.role !== "developer";
  // Staff looking at every organisation get tables; charts once they narrow to an organisation or an app.
  const overview = usage.overview;
  const cards = overview ? [] : usage.apps.slice(0, MAX_CARDS);
  const rest = overview ? usage.apps : usage.apps.slice(MAX_CARDS);
  return (
    <>
      <PageHeader
        title="Usage"
        description={`Sandbox calls, error rate and latency per app, by API and by operation, ${usage.from} to ${usage.to} (UTC). ${staff ? (search.organisationId ? "One organisation." : "All organisations.") : "Your organisation's apps."}`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <nav aria-label="Period" className="flex gap-1">
              {RANGES.map((n) => (
                <a key={n} href={`/usage${query({ days: String(n) })}`} aria-current={n === usage.days ? "page" : undefined}
                  className={`rounded-md px-2.5 py-1.5 text-sm ${n === usage.days ? "bg-brand-700 text-white" : "text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"}`}>
                  {n === 1 ? "Today" : `${n} days`}
                </a>
              ))}
            </nav>
            <a href={`/api/usage/export${query({ days: String(usage.days) })}`} className="rounded-md px-2.5 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download>
              Download CSV
            </a>
          </div>
        }
      />
      {staff && (search.organisationId || search.appId) ? (
        <p className="mb-4 text-sm"><Link className="text-brand-700 hover:underline" href={`/usage?days=${usage.days}`}>← All organisations</Link></p>
      ) : null}
      {usage.organisations?.length ? (
        <Card className="mb-6 overflow-x-auto">
          <h2 className="mb-3 font-semibold text-slate-900">Organisations</h2>
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500"><tr><th className="py-2 pr-3">Organisation</th><th className="py-2 pr-3 text-right">Calls</th><th className="py-2 pr-3 text-right">Errors</th><th className="py-2 pr-3 text-right">p50</th><th className="py-2 pr-3 text-right">p95</th><th className="py-2 text-right">p99</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {usage.organisations.map((o) => (
                <tr key={o.organisationId}>
                  <td className="py-1.5 pr-3"><Link className="text-brand-700 hover:underline" href={`/usage?days=${usage.days}&organisationId=${encodeURIComponent(o.organisationId)}`}>{o.name}</Link></td>
                  <MetricCells row={o} />
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
      {usage.apps.length === 0 ? (
        <EmptyState title="No apps yet">Usage appears here once an app calls the sandbox.</EmptyState>
      ) : (
        <div className="space-y-6">
          {cards.map((app) => (
            <Card key={app.appId}>
              <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold text-slate-900">
                  <Link className="hover:underline" href={`/usage?days=${usage.days}&appId=${encodeURIComponent(app.appId)}`}>{app.name}</Link> <StatusBadge status={app.status} />
                  {staff ? <span className="ml-2 text-sm font-normal text-slate-500">{app.organisationName}</span> : null}
                </h2>
                <p className="text-sm text-slate-600" data-testid="app-usage-summary">
                  <strong>{app.calls.toLocaleString("en-GB")}</strong> calls · <strong>{app.errorRate}%</strong> errors · p50 <strong>{ms(app.p50LatencyMs)}</strong> · p95 <strong>{ms(app.p95LatencyMs)}</strong> · p99 <strong>{ms(app.p99LatencyMs)}</strong>
                </p>
              </div>
              {app.calls === 0 ? <p className="text-sm text-slate-600">No calls in this period.</p> : (
                <>
                  <UsageCharts days={app.days} />
                  <StatusBar stats={app} />
                  <div className="mt-4"><StatusCodeTable codes={app.statusCodes} caption="Calls per status code" /></div>
                  <h3 className="mb-2 mt-6 text-sm font-semibold text-slate-900">By operation</h3>
                  <OperationCharts operations={app.operations.map((o) => ({ label: o.operationId || "(no operation)", calls: o.calls, errors: o.errors, p95LatencyMs: o.p95LatencyMs }))} />
                  <div className="mt-4 overflow-x-auto">
                    <table className="w-full text-left text-sm">
                      <caption className="sr-only">Usage of {app.name} by API and operation</caption>
                      <thead className="text-xs uppercase text-slate-500"><tr><th className="py-2 pr-3">API</th><th className="py-2 pr-3">Operation</th><th className="py-2 pr-3 text-right">Calls</th><th className="py-2 pr-3 text-right">Errors</th><th className="py-2 pr-3 text-right">p50</th><th className="py-2 pr-3 text-right">p95</th><th className="py-2 text-right">p99</th></tr></thead>
                      <tbody className="divide-y divide-slate-100">
                        {app.apis.map((api) => [
                          <tr key={`${api.apiSlug}@${api.apiVersion}`} className="bg-slate-50 font-medium">
                            <td className="py-1.5 pr-3">{api.apiSlug ? `${api.apiSlug} ${api.apiVersion}` : "(no API matched)"}</td>
                            <td className="py-1.5 pr-3 text-slate-500">all</td>
                            <MetricCells row={api} />
                          </tr>,
                          ...app.operations.filter((o) => o.apiSlug === api.apiSlug && o.apiVersion === api.apiVersion).map((o) => (
                            <tr key={`${o.apiSlug}@${o.apiVersion}#${o.operationId}`}>
                              <td className="py-1.5 pr-3" />
                              <td className="py-1.5 pr-3 font-mono text-xs">{o.operationId || "(no operation)"}</td>
                              <MetricCells row={o} />
                            </tr>
                          )),
                        ])}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </Card>
          ))}
          {rest.length ? (
            <Card className="overflow-x-auto">
              <h2 className="mb-3 font-semibold text-slate-900">{overview ? "Apps" : `${rest.length} more apps`}</h2>
              <table className="w-full text-left text-sm">
                <thead className="text-xs uppercase text-slate-500"><tr><th className="py-2 pr-3">App</th><th className="py-2 pr-3">Organisation</th><th className="py-2 pr-3 text-right">Calls</th><th className="py-2 pr-3 text-right">Errors</th><th className="py-2 pr-3 text-right">p50</th><th className="py-2 pr-3 text-right">p95</th><th className="py-2 text-right">p99</th></tr></thead>
                <tbody className="divide-y divide-slate-100">
                  {rest.map((app) => (
                    <tr key={app.appId}>
                      <td className="py-1.5 pr-3"><Link className="text-brand-700 hover:underline" href={`/usage?days=${usage.days}&appId=${encodeURIComponent(app.appId)}`}>{app.name}</Link></td>
                      <td className="py-1.5 pr-3 text-slate-600">{app.organisationName}</td>
                      <MetricCells row={app} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}

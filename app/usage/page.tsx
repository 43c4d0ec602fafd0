import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { StatusBadge } from "@/components/compliance/status-badge";
import { UsageCharts } from "@/components/analytics/usage-charts";
import { clientIp, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { summarizeUsage } from "@/lib/logs/summarize-usage";

export const metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

const RANGES = [7, 14, 30, 90];

export default async function UsagePage({ searchParams }: { searchParams: Promise<{ days?: string; appId?: string }> }) {
  const user = await requirePageUser("developer", "admin", "compliance");
  const search = await searchParams;
  const usage = await summarizeUsage({ actor: actorOf(user, await clientIp()), unverifiedOptions: { days: search.days, appId: search.appId } });
  const days = usage.apps[0]?.days.length ?? Number(search.days ?? 14);
  return (
    <>
      <PageHeader
        title="Usage"
        description={`Sandbox calls per day, error rate and p95 latency per app, ${usage.from} to ${usage.to} (UTC). ${user.role === "developer" ? "Your organisation's apps." : "All apps."}`}
        actions={
          <nav aria-label="Period" className="flex gap-1">
            {RANGES.map((n) => (
              <a key={n} href={`/usage?days=${n}${search.appId ? `&appId=${encodeURIComponent(search.appId)}` : ""}`} aria-current={n === days ? "page" : undefined}
                className={`rounded-md px-2.5 py-1.5 text-sm ${n === days ? "bg-brand-700 text-white" : "text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"}`}>
                {n} days
              </a>
            ))}
          </nav>
        }
      />
      {usage.apps.length === 0 ? (
        <EmptyState title="No apps yet">Usage appears here once an app calls the sandbox.</EmptyState>
      ) : (
        <div className="space-y-6">
          {usage.apps.map((app) => (
            <Card key={app.appId}>
              <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold text-slate-900">
                  {app.name} <StatusBadge status={app.status} />
                  {user.role !== "developer" ? <span className="ml-2 text-sm font-normal text-slate-500">{app.organisationName}</span> : null}
                </h2>
                <p className="text-sm text-slate-600">
                  <strong>{app.calls}</strong> calls · <strong>{app.errorRate}%</strong> errors · p95 <strong>{app.p95LatencyMs === null ? "—" : `${app.p95LatencyMs} ms`}</strong>
                </p>
              </div>
              {app.calls === 0 ? <p className="text-sm text-slate-600">No calls in this period.</p> : <UsageCharts days={app.days} />}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}

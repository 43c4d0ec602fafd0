import Link from "next/link";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { ReasonAction } from "@/components/compliance/reason-action";
import { StatusBadge, utc } from "@/components/compliance/status-badge";
import { HourlyTrafficChart } from "@/components/analytics/operation-charts";
import { StatusCodeTable } from "@/components/analytics/status-code-table";
import { clientIp, or404, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { getAppForCompliance } from "@/lib/compliance/get-app-for-compliance";

export const metadata = { title: "App · Compliance" };
export const dynamic = "force-dynamic";

export default async function ComplianceAppPage({ params }: { params: Promise<{ appId: string }> }) {
  const user = await requirePageUser("compliance", "admin");
  const { appId } = await params;
  const app = await or404(getAppForCompliance({ actor: actorOf(user, await clientIp()), appId }));
  const canRevoke = user.role === "compliance";
  const base = `/api/compliance/apps/${app.id}`;
  const approvedBy = app.reinstatement?.approvedBy ?? [];
  const myApproval = approvedBy.find((a) => a.role === user.role);

  return (
    <>
      <p className="mb-2 text-sm"><Link href="/compliance" className="text-brand-700 hover:underline">← Console</Link></p>
      <PageHeader
        title={app.name}
        description={
          <>
            <StatusBadge status={app.status} /> <span className="ml-2">Client id <code className="font-mono text-xs">{app.clientId ?? "not yet issued"}</code></span>
            <span className="ml-2">· <Link className="text-brand-700 underline" href={`/compliance/organisations/${app.organisation.id}`}>{app.organisation.name}</Link></span>
            <span className="ml-2">· owner <Link className="text-brand-700 underline" href={`/compliance/developers/${app.owner.id}`}>{app.owner.email}</Link></span>
          </>
        }
        actions={
          canRevoke && app.status !== "suspended" ? (
            <>
              <ReasonAction
                action={`${base}/revoke-tokens`}
                label="Revoke all tokens"
                variant="secondary"
                title={`Revoke every token of ${app.name}?`}
                description="Every live access token stops working at the gateway's next request. The app stays approved and may fetch new tokens."
              />
              <ReasonAction
                action={`${base}/suspend`}
                label="Suspend app"
                title={`Suspend ${app.name}?`}
                description="Its tokens are revoked and it cannot get new ones. Reinstating it needs an admin and a compliance officer."
              />
            </>
          ) : null
        }
      />

      {app.status === "suspended" ? (
        <div className="mb-6">
          <Alert tone="warning">
            <p className="font-semibold">Suspended{app.reinstatement?.suspendedAt ? ` since ${utc(app.reinstatement.suspendedAt)}` : ""}: {app.suspendedReason}</p>
            <p className="mt-1">
              Reinstatement needs an admin and a compliance officer.{" "}
              {approvedBy.length ? `Approved so far by ${approvedBy.map((a) => `${a.label} (${a.role})`).join(", ")}.` : "No approvals yet."}
            </p>
            {myApproval ? null : (
              <div className="mt-3">
                <ReasonAction
                  action={`${base}/reinstate`}
                  label={approvedBy.length ? "Approve and reinstate" : "Approve reinstatement"}
                  variant="primary"
                  title={`Approve reinstating ${app.name}`}
                  description={approvedBy.length ? "Yours is the second approval: the app returns to the status it had and may fetch new tokens." : "A second approval by the other role will reinstate the app."}
                />
              </div>
            )}
          </Alert>
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="font-semibold text-slate-900">Traffic, last {app.traffic.windowHours} hours</h2>
            <p className="text-xs text-slate-500">Since {utc(app.traffic.since)} · hourly usage rollups</p>
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 lg:grid-cols-7">
            <div><dt className="text-slate-500">Calls</dt><dd className="text-2xl font-bold text-slate-900" data-testid="traffic-calls">{app.traffic.calls}</dd></div>
            <div><dt className="text-slate-500">Error rate</dt><dd className="text-2xl font-bold text-slate-900" data-testid="traffic-error-rate">{app.traffic.errorRate}%</dd></div>
            <div><dt className="text-slate-500">p50 latency</dt><dd className="font-semibold">{app.traffic.p50LatencyMs === null ? "—" : `${app.traffic.p50LatencyMs} ms`}</dd></div>
            <div><dt className="text-slate-500">p95 latency</dt><dd className="font-semibold">{app.traffic.p95LatencyMs === null ? "—" : `${app.traffic.p95LatencyMs} ms`}</dd></div>
            <div><dt className="text-slate-500">p99 latency</dt><dd className="font-semibold">{app.traffic.p99LatencyMs === null ? "—" : `${app.traffic.p99LatencyMs} ms`}</dd></div>
            <div><dt className="text-slate-500">4xx / 5xx</dt><dd className="font-semibold">{app.traffic.statusClasses.s4xx} / {app.traffic.statusClasses.s5xx}</dd></div>
            <div><dt className="text-slate-500">Last call</dt><dd className="font-semibold">{utc(app.traffic.lastCallAt)}</dd></div>
          </dl>
          {app.traffic.calls ? (
            <div className="grid gap-4 lg:grid-cols-3">
              <div className="lg:col-span-2"><HourlyTrafficChart hours={app.traffic.hours} /></div>
              <div className="mt-4 overflow-x-auto">
                <h3 className="mb-1 text-sm font-medium text-slate-700">Busiest operations</h3>
                <table className="w-full text-left text-xs" data-testid="traffic-operations">
                  <thead className="uppercase text-slate-500"><tr><th className="py-1 pr-2">Operation</th><th className="py-1 pr-2 text-right">Calls</th><th className="py-1 pr-2 text-right">Errors</th><th className="py-1 text-right">p95</th></tr></thead>
                  <tbody className="divide-y divide-slate-100">
                    {app.traffic.operations.map((o) => (
                      <tr key={`${o.apiSlug}@${o.apiVersion}#${o.operationId}`}>
                        <td className="py-1 pr-2 font-mono">{o.operationId || "(none)"}<span className="block font-sans text-slate-500">{o.apiSlug} {o.apiVersion}</span></td>
                        <td className="py-1 pr-2 text-right tabular-nums">{o.calls}</td>
                        <td className="py-1 pr-2 text-right tabular-nums">{o.errorRate}%</td>
                        <td className="py-1 text-right tabular-nums">{o.p95LatencyMs === null ? "—" : `${o.p95LatencyMs} ms`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
          <div className="mt-4"><StatusCodeTable codes={app.statusCodes} caption={`Calls per status code, last ${app.traffic.windowHours} hours`} /></div>
          <p className="mt-3 text-sm"><Link className="text-brand-700 underline" href={`/logs?appId=${app.id}`}>Request logs</Link> · <Link className="text-brand-700 underline" href={`/usage?appId=${app.id}`}>Usage</Link> · <Link className="text-brand-700 underline" href={`/compliance/audit?targetId=${app.id}`}>Audit trail</Link></p>
        </Card>

        <Card className="lg:col-span-3 overflow-x-auto">
          <h2 className="mb-3 font-semibold text-slate-900">Live access tokens ({app.tokens.length})</h2>
          {app.tokens.length === 0 ? <p className="text-sm text-slate-600">No live tokens.</p> : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500"><tr><th className="py-2 pr-3">Token id</th><th className="py-2 pr-3">Scope</th><th className="py-2 pr-3">Issued</th><th className="py-2 pr-3">Expires</th><th className="py-2"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {app.tokens.map((t) => (
                  <tr key={t.id}>
                    <td className="py-2 pr-3 font-mono text-xs">{t.id}</td>
                    <td className="py-2 pr-3 text-xs">{t.scope}{t.issuedVia === "portal_try_it" ? " · try-it" : ""}{t.certThumbprint ? " · mTLS" : ""}</td>
                    <td className="py-2 pr-3 text-xs">{utc(t.createdAt)}</td>
                    <td className="py-2 pr-3 text-xs">{utc(t.expiresAt)}</td>
                    <td className="py-2 text-right">
                      {canRevoke ? (
                        <ReasonAction size="small" action={`/api/compliance/tokens/${t.id}/revoke`} label="Revoke" title="Revoke this token?" description={`Token ${t.id} stops working at the gateway's next request.`} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <Card className="overflow-x-auto">
          <h2 className="mb-3 font-semibold text-slate-900">APIs in the grant</h2>
          {app.apis.length === 0 ? <p className="text-sm text-slate-600">No APIs granted.</p> : (
            <ul className="divide-y divide-slate-100 text-sm">
              {app.apis.map((a) => (
                <li key={a.apiVersionId} className="flex items-center justify-between gap-3 py-2">
                  <span>
                    <span className="font-medium">{a.apiVersion.api.name} {a.apiVersion.version}</span>
                    <span className="block text-xs text-slate-500">{a.scopes.join(" ") || "no scopes"}</span>
                  </span>
                  {canRevoke ? (
                    <ReasonAction size="small" action={`${base}/apis/${a.apiVersionId}/remove`} label="Remove" title={`Remove ${a.apiVersion.api.name} ${a.apiVersion.version} from the grant?`} description="Calls to this API are refused from the gateway's next request." />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-xs text-slate-500">Accounts: {app.allAccounts ? "every account of the organisation" : app.accounts.length ? app.accounts.map((a) => a.account.name).join(", ") : "none"}</p>
        </Card>

        <Card className="overflow-x-auto">
          <h2 className="mb-3 font-semibold text-slate-900">Client certificates</h2>
          {app.certificates.length === 0 ? <p className="text-sm text-slate-600">None registered.</p> : (
            <ul className="divide-y divide-slate-100 text-sm">
              {app.certificates.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-3 py-2">
                  <span>
                    <span className="font-medium">{c.subject}</span>
                    <span className="block font-mono text-xs text-slate-500">{c.thumbprint.slice(0, 16)}… · until {utc(c.notAfter).slice(0, 10)}</span>
                  </span>
                  {c.revokedAt ? <StatusBadge status="revoked" /> : canRevoke ? (
                    <ReasonAction size="small" action={`/api/compliance/certificates/${c.id}/revoke`} label="Revoke" title="Revoke this certificate?" description="Tokens bound to it are revoked too; mTLS with it is refused." />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card className="overflow-x-auto">
          <h2 className="mb-3 font-semibold text-slate-900">Client secrets</h2>
          {app.secrets.length === 0 ? <p className="text-sm text-slate-600">None issued.</p> : (
            <ul className="divide-y divide-slate-100 text-sm">
              {app.secrets.map((s) => (
                <li key={s.id} className="py-2">
                  <span className="font-mono text-xs">…{s.hint}</span> <span className="text-xs text-slate-500">issued {utc(s.createdAt)}{s.expiresAt ? ` · expires ${utc(s.expiresAt)}` : ""}</span>
                  {s.revokedAt ? <> <StatusBadge status="revoked" /></> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card className="lg:col-span-3 overflow-x-auto">
          <h2 className="mb-3 font-semibold text-slate-900">Most recent calls</h2>
          {app.recentCalls.length === 0 ? <p className="text-sm text-slate-600">No calls logged.</p> : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500"><tr><th className="py-2 pr-3">Time</th><th className="py-2 pr-3">Request</th><th className="py-2 pr-3">Status</th><th className="py-2">Latency</th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {app.recentCalls.map((c) => (
                  <tr key={c.id}>
                    <td className="py-1.5 pr-3 text-xs">{utc(c.at)}</td>
                    <td className="py-1.5 pr-3 font-mono text-xs">{c.method} {c.path}</td>
                    <td className="py-1.5 pr-3">{c.status}{c.errorCode ? <span className="text-xs text-slate-500"> {c.errorCode}</span> : null}</td>
                    <td className="py-1.5">{c.latencyMs.toFixed(1)} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}

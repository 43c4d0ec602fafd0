import { formatDateTime, formatDuration } from "@/components/apps/format";
import { GrantSummary } from "@/components/apps/grant-summary";
import { HistoryList } from "@/components/apps/history-list";
import { ReviewPanel } from "@/components/apps/review-panel";
import { StatusBadge } from "@/components/apps/status-badge";
import { TokenLifetimeForm } from "@/components/apps/token-lifetime-form";
import { Alert, Badge, Card, PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { effectiveTokenLifetimeSeconds } from "@/lib/apps/token-lifetime";
import { getDb } from "@/lib/db";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { loadAppForPage } from "@/app/apps/load-app";

export const metadata = { title: "Review app" };
export const dynamic = "force-dynamic";

/** Everything an admin needs to decide, on one page: who, which organisation, what exactly, why, and what happened before. */
export default async function AdminAppPage({ params }: { params: Promise<{ appId: string }> }) {
  const user = await requirePageUser("admin");
  const { appId } = await params;
  const { app, history } = await loadAppForPage(actorOf(user), appId);
  const settings = await getBankSettings(getDb());
  const pending = app.requests.find((r) => r.status === "pending");
  const latest = app.requests[0];
  const now = Date.now();
  const liveSecrets = app.secrets.filter((s) => !s.revokedAt && (!s.expiresAt || s.expiresAt.getTime() > now)).length;

  return (
    <>
      <PageHeader title={app.name} description={app.description || undefined} actions={<StatusBadge status={app.status} />} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">Who is asking</h2>
            <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
              <div><dt className="text-slate-500">Developer</dt><dd className="font-medium text-slate-900">{app.owner.name} ({app.owner.email})</dd></div>
              <div><dt className="text-slate-500">Organisation</dt><dd className="font-medium text-slate-900">{app.organisation.name} {app.organisation.status !== "active" ? <Badge tone="red">{app.organisation.status}</Badge> : null}</dd></div>
              <div><dt className="text-slate-500">Registered</dt><dd>{formatDateTime(app.createdAt)}</dd></div>
              <div><dt className="text-slate-500">Client id</dt><dd className="font-mono text-xs">{app.clientId ?? "— (issued at first approval)"}</dd></div>
            </dl>
          </Card>

          {pending ? (
            <Card>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="text-lg font-semibold text-slate-900">{pending.kind === "change" ? "Requested change (the whole new grant)" : "Requested access"}</h2>
                <Badge tone="amber">Submitted {formatDateTime(pending.submittedAt!)}</Badge>
              </div>
              <div className="mt-4"><GrantSummary apis={pending.apis} accounts={pending.accounts} allAccounts={pending.allAccounts} /></div>
              <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Justification</h3>
              <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800" data-testid="justification">{pending.justification}</p>
              {pending.approvals.length ? (
                <p className="mt-4 text-sm text-slate-700">Approved so far by: {pending.approvals.map((a) => `${a.admin.name} (${formatDateTime(a.createdAt)})`).join(", ")}</p>
              ) : null}
            </Card>
          ) : latest ? (
            <Alert tone="info">No request is waiting. The latest {latest.kind === "change" ? "change request" : "registration"} is {latest.status}{latest.rejectionReason ? `: ${latest.rejectionReason}` : ""}.</Alert>
          ) : null}

          {app.clientId ? (
            <Card>
              <h2 className="text-lg font-semibold text-slate-900">Access in force</h2>
              <p className="mt-1 text-sm text-slate-600">{pending?.kind === "change" ? "Stays in force until the change is approved." : "What the gateway allows now."}</p>
              <div className="mt-4"><GrantSummary apis={app.apis} accounts={app.accounts} allAccounts={app.allAccounts} /></div>
              <p className="mt-4 text-sm text-slate-700">{liveSecrets} working client secret{liveSecrets === 1 ? "" : "s"} · {app.certificates.length} client certificate{app.certificates.length === 1 ? "" : "s"}</p>
            </Card>
          ) : null}

          <Card>
            <h2 className="text-lg font-semibold text-slate-900">History</h2>
            <div className="mt-3"><HistoryList events={history} /></div>
          </Card>
        </div>
        <div className="space-y-6">
          {pending ? (
            <ReviewPanel
              appId={app.id}
              requestId={pending.id}
              alreadyApproved={pending.approvals.some((a) => a.admin.id === user.id)}
              approvals={pending.approvals.length}
              required={settings.makerChecker ? 2 : 1}
            />
          ) : null}
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">Token policy</h2>
            <p className="mt-1 text-sm text-slate-600">Access tokens of this app live {formatDuration(effectiveTokenLifetimeSeconds(app, settings))}.</p>
            <div className="mt-3">
              <TokenLifetimeForm appId={app.id} current={app.tokenLifetimeSeconds} min={settings.minTokenLifetimeSeconds} max={settings.maxTokenLifetimeSeconds} defaultSeconds={settings.defaultTokenLifetimeSeconds} />
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}

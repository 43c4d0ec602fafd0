import { CallbacksPanel } from "@/components/apps/callbacks-panel";
import { CertificatesPanel } from "@/components/apps/certificates-panel";
import { CredentialsPanel } from "@/components/apps/credentials-panel";
import { CustomerConsentCard } from "@/components/apps/customer-consent-card";
import { formatDateTime, formatDuration, formatMoney, formatSortCode } from "@/components/apps/format";
import { GrantSummary } from "@/components/apps/grant-summary";
import { HistoryList } from "@/components/apps/history-list";
import { RequestActions } from "@/components/apps/request-actions";
import { StatusBadge } from "@/components/apps/status-badge";
import { SandboxClockPanel } from "@/components/sandbox/sandbox-clock-panel";
import { SandboxDataActions } from "@/components/sandbox/sandbox-data-actions";
import { StandingOrdersPanel } from "@/components/sandbox/standing-orders-panel";
import { ButtonLink } from "@/components/ui/button";
import { Alert, Badge, Card, PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { effectiveTokenLifetimeSeconds } from "@/lib/apps/token-lifetime";
import { CALLBACK_EVENT_TYPES } from "@/lib/callbacks/event-types";
import { listCallbacks } from "@/lib/callbacks/list-callbacks";
import { config } from "@/lib/config";
import { certificateExpiryState } from "@/lib/credentials/parse-client-certificate";
import { getDb } from "@/lib/db";
import { redirectUris } from "@/lib/db/json-columns";
import { SANDBOX_CUSTOMER_PASSWORD } from "@/lib/oauth/sandbox-customer-password";
import { listSandboxAccounts } from "@/lib/sandbox-data/list-sandbox-accounts";
import { listStandingOrders } from "@/lib/sandbox-data/list-standing-orders";
import { PERSONAS } from "@/lib/sandbox-data/personas";
import { readOrganisationClock } from "@/lib/sandbox-data/read-organisation-clock";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { firstCall } from "@/lib/try-it/first-call";
import { loadAppForPage } from "../load-app";

export const metadata = { title: "App" };
export const dynamic = "force-dynamic";

export default async function AppPage({ params }: { params: Promise<{ appId: string }> }) {
  const user = await requirePageUser("developer");
  const actor = actorOf(user);
  const { appId } = await params;
  const { app, history } = await loadAppForPage(actor, appId);
  const [settings, sandboxAccounts, callbacks, clock, standingOrders, ready] = await Promise.all([
    getBankSettings(getDb()),
    listSandboxAccounts({ actor }),
    listCallbacks({ actor, appId }),
    readOrganisationClock({ actor }),
    listStandingOrders({ actor, appId }),
    app.status === "approved" ? firstCall(app) : null,
  ]);
  const now = Date.now();
  const latest = app.requests[0];
  const open = latest && (latest.status === "draft" || latest.status === "pending") ? latest : undefined;
  const granted = new Set(app.accounts.map((a) => a.accountId));
  const suspended = app.status === "suspended";
  const lifetime = effectiveTokenLifetimeSeconds(app, settings);
  // Reinstatement revokes the secrets the app had (lib/revocation/approve-app-reinstatement.ts): until a
  // new one is issued, the app gets no tokens with a secret.
  const reinstatedAt = history.findLast((e) => e.action === "app.reinstate")?.at;
  const needsNewSecret =
    !suspended && !!app.clientId && !!reinstatedAt && !app.secrets.some((s) => !s.revokedAt && s.createdAt > reinstatedAt && (!s.expiresAt || s.expiresAt.getTime() > now));
  const expiringCertificates = app.certificates.filter((c) => certificateExpiryState(c, settings.certificateExpiryWarningDays, new Date(now)) !== "ok");

  return (
    <>
      <PageHeader
        title={app.name}
        description={app.description || undefined}
        actions={
          <>
            <StatusBadge status={app.status} />
            {!suspended && latest?.status !== "pending" ? <ButtonLink href={`/apps/${app.id}/edit`} variant="secondary">{app.clientId ? "Request a change" : "Edit"}</ButtonLink> : null}
          </>
        }
      />
      <div className="space-y-6">
        {suspended ? (
          <Alert tone="error">
            This app is suspended{app.suspendedReason ? `: ${app.suspendedReason}` : ""}. Its tokens and credentials do not work.{" "}
            <a href={`mailto:${config.supportEmail}?subject=${encodeURIComponent(`Suspended app ${app.name}`)}`} className="font-semibold underline">Contact the bank ({config.supportEmail})</a>
          </Alert>
        ) : null}
        {needsNewSecret ? (
          <Alert tone="warning">
            <p className="font-semibold">The bank reinstated this app on {formatDateTime(reinstatedAt!)} and revoked the client secrets it had when it was suspended.</p>
            <p className="mt-1">Generate a new client secret below and deploy it; the app cannot get tokens with a secret until you do.</p>
          </Alert>
        ) : null}
        {latest?.status === "rejected" ? (
          <Alert tone="error">
            <p className="font-semibold">{latest.kind === "change" ? "Your change request was rejected" : "The bank rejected this app"} on {formatDateTime(latest.decidedAt!)}.</p>
            <p className="mt-1" data-testid="rejection-reason">Reason: {latest.rejectionReason}</p>
            <p className="mt-1">Edit the request and submit it again.{latest.kind === "change" ? " The access approved before stays in force." : ""}</p>
          </Alert>
        ) : null}
        {open?.status === "pending" ? (
          <Alert tone="info">
            {open.kind === "change" ? "Your change request" : "This app"} is waiting for the bank&apos;s review since {formatDateTime(open.submittedAt!)}.
            {open.kind === "change" ? " Until it is approved the current access stays in force and the requested change grants nothing." : ""}
          </Alert>
        ) : null}
        {expiringCertificates.length ? (
          <Alert tone="warning">
            {expiringCertificates.map((c) => `${c.subject} ${c.notAfter.getTime() <= now ? "expired" : "expires"} on ${formatDateTime(c.notAfter)}`).join("; ")}. Add its replacement before then; mutual TLS with an expired certificate fails.
          </Alert>
        ) : null}
        {open?.status === "draft" ? <Alert tone="warning">{open.kind === "change" ? "You have a draft change request." : "This app is a draft."} Submit it when it is complete.</Alert> : null}

        <div className="grid gap-6 lg:grid-cols-3">
          {/* min-w-0: a long unbroken identifier must not widen the grid track past a phone's width. */}
          <div className="min-w-0 space-y-6 lg:col-span-2">
            {app.clientId ? (
              <Card>
                <h2 className="text-lg font-semibold text-slate-900">Access in force</h2>
                <p className="mt-1 text-sm text-slate-600">What the gateway allows this app now. Access tokens live {formatDuration(lifetime)}{app.tokenLifetimeSeconds ? " (set by the bank for this app)" : " (bank default)"}.</p>
                <div className="mt-4 [overflow-wrap:anywhere]"><GrantSummary apis={app.apis} accounts={app.accounts} allAccounts={app.allAccounts} /></div>
              </Card>
            ) : null}
            {open || (latest && !app.clientId) || latest?.status === "rejected" ? (
              <Card>
                <h2 className="text-lg font-semibold text-slate-900">{(open ?? latest)!.kind === "change" ? "Requested change" : "Requested access"}</h2>
                <p className="mt-1 text-sm text-slate-600">The full access asked for{(open ?? latest)!.kind === "change" ? " once the change is approved" : ""}.</p>
                <div className="mt-4"><GrantSummary apis={(open ?? latest)!.apis} accounts={(open ?? latest)!.accounts} allAccounts={(open ?? latest)!.allAccounts} /></div>
                <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Justification</h3>
                <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800">{(open ?? latest)!.justification || "—"}</p>
                {open && !suspended ? <div className="mt-4"><RequestActions appId={app.id} status={open.status === "draft" ? "draft" : "pending"} /></div> : null}
              </Card>
            ) : null}
            <CredentialsPanel
              appId={app.id}
              clientId={app.clientId}
              secrets={app.secrets.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt?.toISOString() ?? null, revokedAt: s.revokedAt?.toISOString() ?? null }))}
              tokenEndpoint={`${config.gatewayUrl}/oauth2/token`}
              firstCall={ready}
              canManage={!suspended}
              appSuspended={suspended}
              now={now}
            />
            <CertificatesPanel
              appId={app.id}
              warningDays={settings.certificateExpiryWarningDays}
              canManage={!suspended}
              certificates={app.certificates.map((c) => ({
                id: c.id, thumbprint: c.thumbprint, subject: c.subject, issuer: c.issuer, serialNumber: c.serialNumber, selfSigned: c.selfSigned,
                notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString(), expiry: certificateExpiryState(c, settings.certificateExpiryWarningDays, new Date(now)),
              }))}
            />
            <CallbacksPanel
              appId={app.id}
              eventTypes={Object.entries(CALLBACK_EVENT_TYPES).map(([type, description]) => ({ type, description }))}
              endpoints={callbacks.endpoints.map((e) => ({ id: e.id, url: e.url, events: e.events }))}
              secretHint={callbacks.signingSecretHint}
              canManage={!suspended}
              deliveries={callbacks.deliveries.map((d) => ({
                id: d.id, eventId: d.eventId, type: d.type, status: d.status, attempts: d.attempts, url: d.endpoint.url, createdAt: d.createdAt.toISOString(),
                lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null, nextAttemptAt: d.nextAttemptAt.toISOString(), lastStatusCode: d.lastStatusCode, lastError: d.lastError,
              }))}
            />
          </div>
          <div className="min-w-0 space-y-6">
            <Card>
              <h2 className="text-lg font-semibold text-slate-900">Sandbox accounts</h2>
              <p className="mt-1 text-sm text-slate-600">Your organisation&apos;s fictitious customers. {app.allAccounts ? "The app may use all of them." : "Marked: the app may use it."}</p>
              <ul className="mt-3 space-y-2">
                {sandboxAccounts.map((a) => (
                  <li key={a.id} className="text-sm">
                    <span className="font-medium text-slate-900">{a.customer.name} — {a.name}</span> {app.allAccounts || granted.has(a.id) ? <Badge tone="green">granted</Badge> : null}
                    <div className="font-mono text-xs text-slate-600">{a.accountId} · {formatSortCode(a.sortCode)} {a.accountNumber}</div>
                    <div className="text-xs text-slate-600">{formatMoney(a.balanceMinor, a.currency)}</div>
                  </li>
                ))}
              </ul>
              <SandboxDataActions personas={Object.entries(PERSONAS).map(([id, p]) => ({ id, label: p.label, description: p.description }))} />
            </Card>
            <CustomerConsentCard
              gatewayUrl={config.gatewayUrl}
              redirectUris={redirectUris(app.redirectUris)}
              customers={[...new Map(sandboxAccounts.map((a) => [a.customer.customerRef, { name: a.customer.name, loginId: a.customer.customerRef }])).values()]}
              password={SANDBOX_CUSTOMER_PASSWORD}
            />
            <Card>
              <h2 className="text-lg font-semibold text-slate-900">Sandbox clock</h2>
              <p className="mt-1 mb-3 text-sm text-slate-600">Your organisation&apos;s sandbox time, for every app of the organisation.</p>
              <SandboxClockPanel now={clock.now} offsetSeconds={clock.offsetSeconds} />
            </Card>
            <Card>
              <h2 className="text-lg font-semibold text-slate-900">Standing orders</h2>
              <p className="mt-1 mb-3 text-sm text-slate-600">Recurring payments from the app&apos;s sandbox accounts, made as the sandbox clock passes each date; the app hears each one as payment.status_changed.</p>
              <StandingOrdersPanel
                appId={app.id}
                canManage={!suspended}
                orders={standingOrders}
                accounts={sandboxAccounts.filter((a) => app.allAccounts || granted.has(a.id)).map((a) => ({ accountId: a.accountId, label: `${a.customer.name} — ${a.name} (${a.currency})` }))}
              />
            </Card>
            <Card>
              <h2 className="text-lg font-semibold text-slate-900">History</h2>
              <div className="mt-3"><HistoryList events={history} /></div>
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}

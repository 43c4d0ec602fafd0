import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/compliance/status-badge";
import { TokenLookup } from "@/components/compliance/token-lookup";
import { clientIp, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { searchCompliance } from "@/lib/compliance/search-compliance";
import { getSiemStatus } from "@/lib/siem/get-siem-status";
import { SiemStatusCard } from "@/components/compliance/siem-status-card";

export const metadata = { title: "Compliance console" };
export const dynamic = "force-dynamic";

export default async function ComplianceConsolePage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const user = await requirePageUser("compliance", "admin");
  const actor = actorOf(user, await clientIp());
  const { q } = await searchParams;
  const [results, siem] = await Promise.all([searchCompliance({ actor, unverifiedQuery: q ?? "" }), getSiemStatus({ actor })]);
  const none = results.apps.length + results.developers.length + results.organisations.length === 0;
  return (
    <>
      <PageHeader
        title="Compliance console"
        description={
          user.role === "compliance"
            ? "Find an app, developer or organisation and cut its access. Every action needs a reason and takes effect at the gateway's next request."
            : "Read-only for admins: compliance officers revoke; admins take part in reinstating suspended apps."
        }
      />
      <form role="search" action="/compliance" className="mb-6 flex max-w-2xl gap-2">
        <label htmlFor="q" className="sr-only">Search apps, developers and organisations</label>
        <input
          id="q"
          name="q"
          defaultValue={results.query}
          placeholder="App name, client id, developer email or organisation"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
        />
        <Button type="submit">Search</Button>
      </form>
      {/* Compliance only, like the route behind it (lib/compliance/look-up-token.ts). */}
      {user.role === "compliance" ? <div className="mb-6"><TokenLookup /></div> : null}
      <SiemStatusCard status={siem} />
      {none ? (
        <EmptyState title={`Nothing matches "${results.query}"`}>Try part of a name, an email address or a full client id.</EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card className="lg:col-span-2 overflow-x-auto">
            <h2 className="mb-3 font-semibold text-slate-900">Apps</h2>
            {results.apps.length === 0 ? (
              <p className="text-sm text-slate-600">No apps match.</p>
            ) : (
              <table className="w-full text-left text-sm">
                <thead className="text-xs uppercase text-slate-500">
                  <tr><th className="py-2 pr-4">App</th><th className="py-2 pr-4">Client id</th><th className="py-2 pr-4">Organisation</th><th className="py-2 pr-4">Owner</th><th className="py-2">Status</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {results.apps.map((app) => (
                    <tr key={app.id}>
                      <td className="py-2 pr-4"><Link className="font-medium text-brand-700 hover:underline" href={`/compliance/apps/${app.id}`}>{app.name}</Link></td>
                      <td className="py-2 pr-4 font-mono text-xs">{app.clientId ?? "—"}</td>
                      <td className="py-2 pr-4"><Link className="hover:underline" href={`/compliance/organisations/${app.organisation.id}`}>{app.organisation.name}</Link></td>
                      <td className="py-2 pr-4">{app.owner.email}</td>
                      <td className="py-2"><StatusBadge status={app.status} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
          <Card>
            <h2 className="mb-3 font-semibold text-slate-900">Developers</h2>
            {results.developers.length === 0 ? <p className="text-sm text-slate-600">No developers match.</p> : (
              <ul className="divide-y divide-slate-100 text-sm">
                {results.developers.map((d) => (
                  <li key={d.id} className="flex items-center justify-between gap-3 py-2">
                    <span>
                      <Link className="font-medium text-brand-700 hover:underline" href={`/compliance/developers/${d.id}`}>{d.name}</Link>
                      <span className="block text-xs text-slate-500">{d.email} · {d.organisation?.name ?? "no organisation"}</span>
                    </span>
                    <StatusBadge status={d.status} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card>
            <h2 className="mb-3 font-semibold text-slate-900">Organisations</h2>
            {results.organisations.length === 0 ? <p className="text-sm text-slate-600">No organisations match.</p> : (
              <ul className="divide-y divide-slate-100 text-sm">
                {results.organisations.map((o) => (
                  <li key={o.id} className="flex items-center justify-between gap-3 py-2">
                    <span>
                      <Link className="font-medium text-brand-700 hover:underline" href={`/compliance/organisations/${o.id}`}>{o.name}</Link>
                      <span className="block text-xs text-slate-500">{o._count.users} people · {o._count.apps} apps</span>
                    </span>
                    <StatusBadge status={o.status} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
    </>
  );
}

import Link from "next/link";
import { StatusBadge } from "@/components/apps/status-badge";
import { formatDateTime } from "@/components/apps/format";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { listApps } from "@/lib/apps/list-apps";

export const metadata = { title: "My apps" };
export const dynamic = "force-dynamic";

export default async function AppsPage() {
  const user = await requirePageUser("developer");
  const apps = await listApps({ actor: actorOf(user) });
  return (
    <>
      <PageHeader
        title="My apps"
        description={`Apps of ${user.organisationName ?? "your organisation"}: their review status, access and credentials.`}
        actions={<ButtonLink href="/apps/new">Register an app</ButtonLink>}
      />
      {apps.length === 0 ? (
        <EmptyState title="No apps yet">Register an app to choose APIs, scopes and sandbox accounts, then submit it to the bank for approval.</EmptyState>
      ) : (
        <Card className="p-0">
          <ul className="divide-y divide-slate-100">
            {apps.map((app) => {
              const open = app.requests[0];
              return (
                <li key={app.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
                  <div className="min-w-0">
                    <Link href={`/apps/${app.id}`} className="font-semibold text-brand-700 hover:underline">{app.name}</Link>
                    <p className="text-xs text-slate-600">
                      {app._count.apis} APIs · {app.allAccounts ? "all accounts" : `${app._count.accounts} accounts`} granted · updated {formatDateTime(app.updatedAt)}
                    </p>
                    {app.status === "suspended" ? <p className="text-xs font-semibold text-red-800">Suspended by the bank{app.suspendedReason ? `: ${app.suspendedReason}` : ""}. Its credentials do not work.</p> : null}
                  </div>
                  <div className="flex items-center gap-2">
                    {open && app.status === "approved" ? <span className="text-xs text-slate-600">change request: {open.status === "pending" ? "waiting for review" : "draft"}</span> : null}
                    <StatusBadge status={app.status} />
                  </div>
                </li>
              );
            })}
          </ul>
        </Card>
      )}
    </>
  );
}

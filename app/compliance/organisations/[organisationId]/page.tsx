import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { SuspensionActions } from "@/components/compliance/suspension-actions";
import { StatusBadge, utc } from "@/components/compliance/status-badge";
import { clientIp, or404, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { getOrganisationForCompliance } from "@/lib/compliance/get-organisation-for-compliance";

export const metadata = { title: "Organisation · Compliance" };
export const dynamic = "force-dynamic";

export default async function ComplianceOrganisationPage({ params }: { params: Promise<{ organisationId: string }> }) {
  const user = await requirePageUser("compliance", "admin");
  const { organisationId } = await params;
  const org = await or404(getOrganisationForCompliance({ actor: actorOf(user, await clientIp()), organisationId }));
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/compliance" className="text-brand-700 hover:underline">← Console</Link></p>
      <PageHeader
        title={org.name}
        description={<><StatusBadge status={org.status} /> <span className="ml-2">registered {utc(org.createdAt).slice(0, 10)}</span></>}
        actions={user.role === "compliance" ? <SuspensionActions kind="organisations" id={org.id} name={org.name} suspended={org.status === "suspended"} /> : null}
      />
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <h2 className="mb-3 font-semibold text-slate-900">People</h2>
          <ul className="divide-y divide-slate-100 text-sm">
            {org.users.map((u) => (
              <li key={u.id} className="flex items-center justify-between py-2">
                <Link className="font-medium text-brand-700 hover:underline" href={`/compliance/developers/${u.id}`}>{u.name} <span className="text-xs text-slate-500">{u.email}</span></Link>
                <StatusBadge status={u.status} />
              </li>
            ))}
          </ul>
        </Card>
        <Card>
          <h2 className="mb-3 font-semibold text-slate-900">Apps</h2>
          {org.apps.length === 0 ? <p className="text-sm text-slate-600">No apps.</p> : (
            <ul className="divide-y divide-slate-100 text-sm">
              {org.apps.map((a) => (
                <li key={a.id} className="flex items-center justify-between py-2">
                  <Link className="font-medium text-brand-700 hover:underline" href={`/compliance/apps/${a.id}`}>{a.name}</Link>
                  <StatusBadge status={a.status} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

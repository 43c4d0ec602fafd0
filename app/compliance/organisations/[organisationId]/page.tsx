import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { ReasonAction } from "@/components/compliance/reason-action";
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
        actions={
          user.role !== "compliance" ? null : org.status !== "suspended" ? (
            <ReasonAction
              action={`/api/compliance/organisations/${org.id}/suspend`}
              label="Suspend organisation"
              title={`Suspend ${org.name}?`}
              description="Every session of its people ends at once and all of its apps are suspended with their tokens revoked."
            />
          ) : (
            <ReasonAction
              action={`/api/compliance/organisations/${org.id}/reinstate`}
              label="Reinstate organisation"
              variant="primary"
              title={`Reinstate ${org.name}?`}
              description="Its people may sign in again (individually suspended developers stay suspended). Its apps stay suspended until an admin and a compliance officer reinstate each one."
            />
          )
        }
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

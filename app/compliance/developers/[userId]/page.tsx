import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { SuspensionActions } from "@/components/compliance/suspension-actions";
import { StatusBadge, utc } from "@/components/compliance/status-badge";
import { clientIp, or404, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { getDeveloperForCompliance } from "@/lib/compliance/get-developer-for-compliance";

export const metadata = { title: "Developer · Compliance" };
export const dynamic = "force-dynamic";

export default async function ComplianceDeveloperPage({ params }: { params: Promise<{ userId: string }> }) {
  const user = await requirePageUser("compliance", "admin");
  const { userId } = await params;
  const developer = await or404(getDeveloperForCompliance({ actor: actorOf(user, await clientIp()), userId }));
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/compliance" className="text-brand-700 hover:underline">← Console</Link></p>
      <PageHeader
        title={developer.name}
        description={<><StatusBadge status={developer.status} /> <span className="ml-2">{developer.email} · {developer.organisation ? <Link className="text-brand-700 underline" href={`/compliance/organisations/${developer.organisation.id}`}>{developer.organisation.name}</Link> : "no organisation"} · joined {utc(developer.createdAt).slice(0, 10)} · last sign-in {utc(developer.lastSignInAt)}</span></>}
        actions={user.role === "compliance" ? <SuspensionActions kind="developers" id={developer.id} name={developer.name} suspended={developer.status === "suspended"} /> : null}
      />
      <Card>
        <h2 className="mb-3 font-semibold text-slate-900">Apps they own</h2>
        {developer.apps.length === 0 ? <p className="text-sm text-slate-600">No apps.</p> : (
          <ul className="divide-y divide-slate-100 text-sm">
            {developer.apps.map((a) => (
              <li key={a.id} className="flex items-center justify-between py-2">
                <Link className="font-medium text-brand-700 hover:underline" href={`/compliance/apps/${a.id}`}>{a.name}</Link>
                <StatusBadge status={a.status} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

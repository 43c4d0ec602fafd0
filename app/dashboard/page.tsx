import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { NAV_BY_ROLE } from "@/components/nav-links";
import { GettingStartedChecklist } from "@/components/apps/getting-started-checklist";
import { getGettingStarted } from "@/lib/apps/getting-started";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";

export const metadata = { title: "Home" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const user = await requirePageUser();
  const progress = user.role === "developer" ? await getGettingStarted({ actor: actorOf(user) }) : null;
  const incomplete = progress && !(progress.appCreated && progress.secretIssued && progress.firstCall && progress.paymentTried);
  return (
    <>
      <PageHeader title={`Welcome, ${user.name}`} description={user.organisationName ? `Signed in for ${user.organisationName}.` : `Signed in as ${user.role}.`} />
      {incomplete ? <GettingStartedChecklist progress={progress} /> : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {NAV_BY_ROLE[user.role].map((item) => (
          <Link key={item.href} href={item.href} className="block">
            <Card className="h-full transition hover:border-brand-600">
              <h2 className="font-semibold text-slate-900">{item.label}</h2>
              <p className="mt-1 text-sm text-slate-600">{item.blurb}</p>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}

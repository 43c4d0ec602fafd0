import Link from "next/link";
import { formatDateTime } from "@/components/apps/format";
import { StatusBadge } from "@/components/apps/status-badge";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { listApps } from "@/lib/apps/list-apps";
import { listReviewQueue } from "@/lib/apps/list-review-queue";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { getDb } from "@/lib/db";

export const metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

export default async function ReviewQueuePage() {
  const user = await requirePageUser("admin");
  const actor = actorOf(user);
  const [queue, apps, settings] = await Promise.all([listReviewQueue({ actor }), listApps({ actor }), getBankSettings(getDb())]);
  const required = settings.makerChecker ? 2 : 1;
  return (
    <>
      <PageHeader title="Review queue" description={`App registrations and change requests waiting for a decision, oldest first.${settings.makerChecker ? " Maker-checker is on: two different admins approve each request." : ""}`} />
      {queue.length === 0 ? (
        <EmptyState title="Nothing to review">New registrations and change requests appear here.</EmptyState>
      ) : (
        <Card className="p-0">
          <ul className="divide-y divide-slate-100">
            {queue.map((r) => {
              const mine = r.approvals.some((a) => a.adminId === user.id);
              return (
                <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
                  <div>
                    <Link href={`/admin/apps/${r.app.id}`} className="font-semibold text-brand-700 hover:underline">{r.app.name}</Link>{" "}
                    <Badge tone={r.kind === "change" ? "blue" : "gray"}>{r.kind === "change" ? "Change request" : "New app"}</Badge>
                    <p className="text-xs text-slate-600">
                      {r.app.organisation.name} · {r.app.owner.name} ({r.app.owner.email}) · {r._count.apis} APIs · {r.allAccounts ? "all accounts" : `${r._count.accounts} accounts`} · submitted {formatDateTime(r.submittedAt!)}
                    </p>
                  </div>
                  <span className="text-xs text-slate-700">
                    {r.approvals.length}/{required} approvals{mine ? " (yours given)" : ""}
                  </span>
                </li>
              );
            })}
          </ul>
        </Card>
      )}
      <h2 className="mb-3 mt-10 text-lg font-semibold text-slate-900">All apps</h2>
      {apps.length === 0 ? (
        <EmptyState title="No apps registered yet" />
      ) : (
        <Card className="overflow-x-auto p-0">
          <table className="min-w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
              <tr><th scope="col" className="px-5 py-2">App</th><th scope="col" className="px-5 py-2">Organisation</th><th scope="col" className="px-5 py-2">Status</th><th scope="col" className="px-5 py-2">Updated</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {apps.map((a) => (
                <tr key={a.id}>
                  <td className="px-5 py-2"><Link href={`/admin/apps/${a.id}`} className="font-medium text-brand-700 hover:underline">{a.name}</Link></td>
                  <td className="px-5 py-2">{a.organisation.name}</td>
                  <td className="px-5 py-2"><StatusBadge status={a.status} /></td>
                  <td className="px-5 py-2 text-slate-600">{formatDateTime(a.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}

import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";

export const metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

export default async function NotificationsPage() {
  const user = await requirePageUser();
  const items = await listNotifications(user.id);
  await markNotificationsRead(user.id);
  return (
    <>
      <PageHeader title="Notifications" />
      {items.length === 0 ? (
        <EmptyState title="No notifications yet" />
      ) : (
        <Card className="divide-y divide-slate-100 p-0">
          {items.map((n) => (
            <div key={n.id} className="flex items-start justify-between gap-4 px-5 py-3">
              <div>
                <p className={n.readAt ? "text-slate-700" : "font-semibold text-slate-900"}>{n.message}</p>
                <p className="text-xs text-slate-500">{n.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC</p>
              </div>
              {n.link ? <Link href={n.link} className="text-sm font-semibold text-brand-700 hover:underline">Open</Link> : null}
            </div>
          ))}
        </Card>
      )}
    </>
  );
}

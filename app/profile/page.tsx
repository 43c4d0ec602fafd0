import Link from "next/link";
import { MailPreferencesForm } from "@/components/account/mail-preferences-form";
import { SignOutEverywhereButton } from "@/components/account/sign-out-everywhere-button";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { getMailPreferences } from "@/lib/accounts/get-mail-preferences";
import { currentActor, requirePageUser } from "@/lib/auth/current-user";
import { listSessions } from "@/lib/auth/list-sessions";
import { MAIL_EVENTS, type MailEvent } from "@/lib/notifications/notify";

export const metadata = { title: "Your profile" };
export const dynamic = "force-dynamic";

const when = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

export default async function ProfilePage() {
  const user = await requirePageUser();
  const signedIn = await currentActor();
  if (!signedIn) return null;
  const [sessions, preferences] = await Promise.all([listSessions({ userId: user.id }), getMailPreferences({ actor: signedIn.actor })]);
  return (
    <>
      <PageHeader title="Your profile" description={`${user.name} · ${user.email}`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-1 font-semibold text-slate-900">Email</h2>
          <p className="mb-4 text-sm text-slate-600">
            {user.email} {user.emailVerified ? <Badge tone="green">verified</Badge> : <Badge tone="amber">not verified</Badge>} ·{" "}
            <Link href="/outbox" className="font-semibold text-brand-700 hover:underline">Your mail</Link>
          </p>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Also email me when</h3>
          <MailPreferencesForm choices={(Object.keys(MAIL_EVENTS) as MailEvent[]).map((event) => ({ event, label: MAIL_EVENTS[event].label, on: preferences[event] }))} />
        </Card>
        <Card>
          <h2 className="mb-1 font-semibold text-slate-900">Where you are signed in</h2>
          <p className="mb-4 text-sm text-slate-600">{sessions.length === 1 ? "One active session: this one." : `${sessions.length} active sessions.`}</p>
          <ul className="mb-4 divide-y divide-slate-100 text-sm">
            {sessions.map((s) => (
              <li key={s.id} className="py-2">
                <p className="break-words text-slate-800">{s.userAgent ?? "Unknown browser"}</p>
                <p className="text-xs text-slate-500">
                  {s.ip ?? "unknown address"} · signed in {when(s.createdAt)} · last active {when(s.lastSeenAt)}
                </p>
              </li>
            ))}
          </ul>
          <SignOutEverywhereButton />
        </Card>
      </div>
    </>
  );
}

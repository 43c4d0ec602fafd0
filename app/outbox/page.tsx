import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { currentActor, requirePageUser } from "@/lib/auth/current-user";
import { config } from "@/lib/config";
import { listMail } from "@/lib/mail/list-mail";

export const metadata = { title: "Your mail" };
export const dynamic = "force-dynamic";

const STATUS = { pending: { tone: "amber", text: "waiting to be sent" }, sent: { tone: "green", text: "sent" }, failed: { tone: "red", text: "could not be sent" } } as const;

/** The mails addressed to the signed-in user, and only theirs (lib/mail/list-mail.ts). */
export default async function OutboxPage() {
  await requirePageUser();
  const signedIn = await currentActor();
  const mails = signedIn ? await listMail({ actor: signedIn.actor }) : [];
  return (
    <>
      <PageHeader
        title="Your mail"
        description={config.smtpUrl ? "Every mail the portal sent you, newest first." : "This portal sends no email (no SMTP_URL is set): the mails it would send you wait here."}
      />
      {mails.length === 0 ? (
        <EmptyState title="No mail yet" />
      ) : (
        <div className="space-y-4">
          {mails.map((m) => (
            <Card key={m.id}>
              <article aria-label={m.subject}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 className="font-semibold text-slate-900">{m.subject}</h2>
                  {config.smtpUrl ? <Badge tone={STATUS[m.status].tone}>{STATUS[m.status].text}</Badge> : null}
                </div>
                <p className="text-xs text-slate-500">To {m.toAddress} · {m.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC</p>
                {/* Plain text, shown as written; links are made clickable only when they point at this portal. */}
                <div className="mt-3 whitespace-pre-wrap break-words text-sm text-slate-700">
                  {m.body.split(/(https?:\/\/\S+)/).map((part, i) =>
                    i % 2 === 1 && part.startsWith(config.portalUrl) ? (
                      <a key={i} href={part} className="font-semibold text-brand-700 underline">{part}</a>
                    ) : (
                      part
                    ),
                  )}
                </div>
              </article>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}

// The mail worker: claims due MailMessage rows and sends each over SMTP with
// nodemailer. The same claim as the callback outbox (lib/callbacks): a
// conditional update only one process can win (pending, due, no live
// lease), so several portal processes on one PostgreSQL never send a mail
// twice in one attempt; a process that dies mid-send leaves a lease that
// expires and the mail is tried again (at least once).
import { randomUUID } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { config } from "@/lib/config";
import { getDb, repeatPasses, type Db } from "@/lib/db";

/** Attempts before a mail is marked failed. */
export const MAX_MAIL_ATTEMPTS = 6;
/** A claim's lease: longer than one SMTP exchange's timeouts. */
const LEASE_MS = 120_000;

/** Backoff after the n-th failed attempt: 30 s, 2 min, 8 min, … capped at 2 hours. */
export const mailRetryDelayMs = (failedAttempts: number) => Math.min(30_000 * 4 ** (failedAttempts - 1), 2 * 60 * 60 * 1000);

/** An SMTP transport for a URL (smtp://, smtps://), with timeouts that keep one dead server from holding the worker. */
export function smtpTransport(url: string): Transporter {
  const transport = nodemailer.createTransport(url);
  Object.assign(transport.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return transport;
}

type PassOptions = { db?: Db; transport: Transporter; from?: string; now?: Date; limit?: number };

/** One pass: claim what is due and send it. */
export async function deliverDueMail(options: PassOptions): Promise<{ sent: number; failed: number }> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const unleased = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
  const due = await db.mailMessage.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, ...unleased },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 20,
    select: { id: true },
  });
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    const claimId = randomUUID();
    const won = await db.mailMessage.updateMany({
      where: { id, status: "pending", nextAttemptAt: { lte: now }, ...unleased },
      data: { lockedUntil: new Date(now.getTime() + LEASE_MS), claimId },
    });
    if (won.count !== 1) continue;
    const mail = await db.mailMessage.findUniqueOrThrow({ where: { id } });
    let error: string | null = null;
    try {
      await options.transport.sendMail({ from: options.from ?? config.mailFrom, to: mail.toAddress, subject: mail.subject, text: mail.body });
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const attempts = mail.attempts + 1;
    await db.mailMessage.updateMany({
      where: { id, claimId },
      data: {
        attempts,
        // The server's answer, never the mail: the body may hold a single-use link.
        lastError: error?.slice(0, 500) ?? null,
        status: error === null ? "sent" : attempts >= MAX_MAIL_ATTEMPTS ? "failed" : "pending",
        sentAt: error === null ? new Date() : null,
        nextAttemptAt: error === null ? mail.nextAttemptAt : new Date(now.getTime() + mailRetryDelayMs(attempts)),
        lockedUntil: null,
        claimId: null,
      },
    });
    if (error === null) sent++;
    else failed++;
  }
  return { sent, failed };
}

/** Runs passes every `intervalMs` until stopped; stop() waits for the pass under way and closes the transport. */
export function startMailWorker(options: { intervalMs: number; smtpUrl: string; db?: Db }): { stop: () => Promise<void> } {
  const transport = smtpTransport(options.smtpUrl);
  const worker = repeatPasses({ label: "mail", intervalMs: options.intervalMs, pass: () => deliverDueMail({ db: options.db, transport }) });
  return {
    stop: async () => {
      await worker.stop();
      transport.close();
    },
  };
}

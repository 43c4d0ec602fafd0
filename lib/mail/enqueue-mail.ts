import type { Tx } from "@/lib/db";

/**
 * Puts one mail to a user in the outbox, in the caller's transaction: the
 * mail exists if and only if the change it tells about committed. The mail
 * worker (deliver-mail.ts) sends it when SMTP_URL is set; the addressee can
 * always read it on /outbox. `body` is plain text; it may hold a single-use
 * link, which is why the outbox shows each mail only to its addressee.
 */
export async function enqueueMail(tx: Tx, options: { userId: string; subject: string; body: string }): Promise<{ id: string }> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: options.userId }, select: { email: true } });
  return tx.mailMessage.create({
    data: { userId: options.userId, toAddress: user.email, subject: options.subject, body: options.body },
    select: { id: true },
  });
}

import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { conflict } from "@/lib/errors";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { ACCOUNT_TOKEN_MINUTES, issueAccountToken } from "./account-token";

/** The verification mail: the single-use link to /verify-email. */
export function verificationMail(options: { name: string; token: string }) {
  const link = new URL(`/verify-email?token=${encodeURIComponent(options.token)}`, config.portalUrl).toString();
  return {
    subject: "Verify your email address for Portico",
    body: `Hello ${options.name},\n\nOpen this link to verify your email address and start registering apps:\n\n${link}\n\nThe link works once, for ${ACCOUNT_TOKEN_MINUTES.verify_email / 60} hours. If you did not sign up, ignore this mail.\n\n— Portico`,
  };
}

/** "Resend": a new verification link for the signed-in user (earlier links stop working). */
export async function sendVerificationEmail(options: { actor: Actor }) {
  return auditedChange({
    actor: options.actor,
    roles: sendVerificationEmail.roles,
    change: async (tx, actor) => {
      const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { id: true, name: true, emailVerifiedAt: true } });
      if (user.emailVerifiedAt) throw conflict("Your email address is already verified");
      const token = await issueAccountToken(tx, { userId: user.id, purpose: "verify_email" });
      await enqueueMail(tx, { userId: user.id, ...verificationMail({ name: user.name, token }) });
      return { result: { sent: true }, audit: [{ action: "user.verification_sent", targetId: user.id }] };
    },
  });
}
sendVerificationEmail.roles = ["developer", "admin", "compliance"] as const;

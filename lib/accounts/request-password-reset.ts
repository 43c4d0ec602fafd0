import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import { systemActor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { parseInput, PorticoError } from "@/lib/errors";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import type { RateLimit, RateLimiter } from "@/lib/rate-limit/rate-limiter";
import { sharedRateLimiter } from "@/lib/rate-limit/shared-rate-limiter";
import { ACCOUNT_TOKEN_MINUTES, issueAccountToken } from "./account-token";

const resetRequestSchema = z.object({ email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254) });

/** The one answer, whether or not the address has an account. */
export const RESET_REQUESTED = "If an account uses that address, we have sent it a link to set a new password. The link works once, for 30 minutes.";

/** Reset requests per source IP per hour: each may send a mail to someone else's inbox. */
export const passwordResetBudget = (perHour: number) => ({
  name: "password-reset",
  limit: { points: perHour, durationSeconds: 3600 } satisfies RateLimit,
  refuse: ({ retryAfterSeconds }: { retryAfterSeconds: number }) =>
    new PorticoError("rate_limited", `Too many reset requests from your network; retry in ${Math.ceil(retryAfterSeconds / 60)} minutes`, {
      headers: { "retry-after": String(retryAfterSeconds) },
    }),
});

/**
 * "Forgot password": mails the account's owner a single-use link that works
 * for 30 minutes. No enumeration: the caller gets RESET_REQUESTED either
 * way; only the owner's inbox learns that someone asked. Suspended accounts
 * get no link (a reset would not let them in).
 */
export async function requestPasswordReset(options: { unverifiedInput: unknown; ip?: string; limiter?: RateLimiter }): Promise<{ message: string }> {
  const limiter = options.limiter ?? (await sharedRateLimiter(passwordResetBudget(config.passwordResetsPerIpPerHour)));
  await limiter.consume(options.ip ?? "unknown");
  const { email } = parseInput(resetRequestSchema, options.unverifiedInput);
  await auditedChange({
    roles: "anyone",
    change: async (tx) => {
      const user = await tx.user.findUnique({ where: { email }, select: { id: true, name: true, status: true } });
      if (!user || user.status !== "active") return { result: undefined, audit: [] };
      const token = await issueAccountToken(tx, { userId: user.id, purpose: "reset_password" });
      const link = new URL(`/reset-password?token=${encodeURIComponent(token)}`, config.portalUrl).toString();
      await enqueueMail(tx, {
        userId: user.id,
        subject: "Set a new Portico password",
        body: `Hello ${user.name},\n\nSomeone (we hope you) asked to set a new password for your Portico account. Open this link to choose one:\n\n${link}\n\nThe link works once, for ${ACCOUNT_TOKEN_MINUTES.reset_password} minutes; setting a new password signs you out everywhere else. If you did not ask, ignore this mail: your password stays as it is.\n\n— Portico`,
      });
      return { result: undefined, audit: [{ actor: systemActor("anonymous password reset request", options.ip), action: "user.password_reset_requested", targetId: user.id }] };
    },
  });
  return { message: RESET_REQUESTED };
}

import { z } from "zod";
import { hashPassword, passwordProblem } from "@/lib/accounts/password";
import { redeemAccountToken } from "@/lib/accounts/account-token";
import { auditedChange } from "@/lib/audit/audited-change";
import { parseInput, PorticoError } from "@/lib/errors";
import { revokeSessionsInTx } from "./revoke-sessions-in-tx";

const resetSchema = z.object({ token: z.string().max(100), password: z.string() });

/**
 * Sets a new password through a mailed reset link (lib/accounts/request-password-reset.ts).
 * Security-critical: the link works once and for 30 minutes
 * (lib/accounts/account-token.ts), and every session of the account ends in
 * the same transaction, so whoever knew the old password is signed out.
 * Resetting also proves the mailbox, so an unverified address becomes verified.
 */
export async function resetPassword(options: { unverifiedInput: unknown; ip?: string }): Promise<{ email: string }> {
  const input = parseInput(resetSchema, options.unverifiedInput);
  const weakAnyway = passwordProblem(input.password);
  if (weakAnyway) throw new PorticoError("validation_failed", weakAnyway, { violations: [{ pointer: "/password", message: weakAnyway }] });
  // The hash (slow) before the transaction; the policy is checked against the account's own words inside it.
  const passwordHash = await hashPassword(input.password);
  return auditedChange({
    roles: "anyone",
    change: async (tx) => {
      const { userId } = await redeemAccountToken(tx, { unverifiedToken: input.token, purpose: "reset_password" });
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, organisationId: true, emailVerifiedAt: true } });
      const weak = passwordProblem(input.password, [user.email, user.name]);
      // Thrown inside the transaction: the token's use rolls back, so the owner can try another password with the same link.
      if (weak) throw new PorticoError("validation_failed", weak, { violations: [{ pointer: "/password", message: weak }] });
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() } });
      const ended = await revokeSessionsInTx(tx, { users: { id: user.id }, reason: "password_reset" });
      return {
        result: { email: user.email },
        audit: [{ actor: { kind: "user", id: user.id, role: user.role, organisationId: user.organisationId, label: user.email, ip: options.ip }, action: "user.password_reset", targetId: user.id, details: { sessionsEnded: ended } }],
      };
    },
  });
}

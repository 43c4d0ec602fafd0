import { auditedChange } from "@/lib/audit/audited-change";
import { redeemAccountToken } from "./account-token";

/**
 * The owner opened the mailed link: their address is verified. Open to
 * anyone holding the link (it may be opened in another browser, signed
 * out); the token is the proof, and it works once.
 */
export async function verifyEmail(options: { unverifiedToken: unknown; ip?: string }): Promise<{ email: string }> {
  return auditedChange({
    roles: "anyone",
    change: async (tx) => {
      const { userId } = await redeemAccountToken(tx, { unverifiedToken: options.unverifiedToken, purpose: "verify_email" });
      const user = await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() }, select: { id: true, email: true, role: true, organisationId: true } });
      return {
        result: { email: user.email },
        audit: [{ actor: { kind: "user", id: user.id, role: user.role, organisationId: user.organisationId, label: user.email, ip: options.ip }, action: "user.verify_email", targetId: user.id }],
      };
    },
  });
}

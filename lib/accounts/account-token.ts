// Single-use links mailed to a user (email verification, password reset).
// Security-critical: the link carries 256 random bits; the database keeps
// only their SHA-256 (lib/secrets), so a copy of the table opens nothing.
// A token is used by a conditional update (usedAt still null, not expired),
// so two clicks racing each other cannot both succeed.
import type { AccountTokenPurpose, Tx } from "@/lib/db";
import { PorticoError } from "@/lib/errors";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";

/** How long each kind of link works. */
export const ACCOUNT_TOKEN_MINUTES: Record<AccountTokenPurpose, number> = { verify_email: 24 * 60, reset_password: 30 };

const PREFIX: Record<AccountTokenPurpose, string> = { verify_email: "pve_", reset_password: "ppr_" };

/** A new link's token (returned once, to put in the mail); earlier unused tokens of the same purpose stop working. */
export async function issueAccountToken(tx: Tx, options: { userId: string; purpose: AccountTokenPurpose; now?: Date }): Promise<string> {
  const now = options.now ?? new Date();
  const token = newOpaqueSecret(PREFIX[options.purpose]);
  await tx.accountToken.updateMany({ where: { userId: options.userId, purpose: options.purpose, usedAt: null }, data: { usedAt: now } });
  await tx.accountToken.create({
    data: {
      userId: options.userId,
      purpose: options.purpose,
      tokenHash: hashOpaqueSecret(token),
      expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_MINUTES[options.purpose] * 60_000),
    },
  });
  return token;
}

/** Uses a token once: the user it belongs to, or a readable refusal that does not say which of unknown, used or expired it was. */
export async function redeemAccountToken(tx: Tx, options: { unverifiedToken: unknown; purpose: AccountTokenPurpose; now?: Date }): Promise<{ userId: string }> {
  const now = options.now ?? new Date();
  const refused = new PorticoError("bad_request", options.purpose === "verify_email" ? "This verification link is not valid any more. Sign in and ask for a new one." : "This reset link is not valid any more (links work once, for 30 minutes). Ask for a new one.");
  if (typeof options.unverifiedToken !== "string" || !options.unverifiedToken.startsWith(PREFIX[options.purpose]) || options.unverifiedToken.length > 100) throw refused;
  const tokenHash = hashOpaqueSecret(options.unverifiedToken);
  const row = await tx.accountToken.findUnique({ where: { tokenHash }, select: { id: true, userId: true, purpose: true } });
  if (!row || row.purpose !== options.purpose) throw refused;
  const used = await tx.accountToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (used.count !== 1) throw refused;
  return { userId: row.userId };
}

import { randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db";
import { sealSecret } from "./secret-box";

/**
 * A new Standard Webhooks secret ("whsec_" + base64 of 33 random bytes: within the spec's 24–64, and a
 * multiple of three, so no "=" padding ends the hint), stored sealed; returns the plaintext to show once.
 */
export async function replaceSigningSecret(tx: Tx, appId: string): Promise<{ secret: string; hint: string }> {
  const secret = `whsec_${randomBytes(33).toString("base64")}`;
  const hint = secret.slice(-4);
  const ciphertext = sealSecret(secret, appId);
  await tx.callbackSigningKey.upsert({ where: { appId }, create: { appId, ciphertext, hint }, update: { ciphertext, hint, createdAt: new Date() } });
  return { secret, hint };
}

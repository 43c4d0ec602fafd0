// Opaque secrets (client secrets, access tokens, management tokens): 256
// random bits, shown once, stored only as SHA-256. A slow KDF adds nothing
// for values with this much entropy, and a fast hash keeps token checks on
// the gateway's hot path cheap.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new secret with a readable prefix that says what it is (e.g. "pcs_" client secret, "pat_" access token). */
export function newOpaqueSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function hashOpaqueSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

/** Constant-time comparison of two hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

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

/**
 * Characters of a secret after its type prefix kept in clear as its display
 * prefix: 8 base64url characters are 48 of the 256 random bits, enough to
 * tell tokens apart and to find one from a fragment a developer quotes, and
 * leave 208 bits unknown, so the prefix is not secret. (The client secrets'
 * `hint` is the last four characters, for the same reason.)
 */
export const DISPLAY_PREFIX_RANDOM_CHARS = 8;

/** The non-secret display prefix of an opaque secret: its type prefix and the first random characters, e.g. "pat_Ab3dE9xQ". */
export function displayPrefix(secret: string): string {
  const type = secret.indexOf("_") + 1;
  return secret.slice(0, type + DISPLAY_PREFIX_RANDOM_CHARS);
}

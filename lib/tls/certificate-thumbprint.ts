import { createHash } from "node:crypto";

/**
 * The RFC 8705 §3.1 `x5t#S256` confirmation value: base64url SHA-256 of the
 * certificate's DER encoding — the same value ClientCertificate.thumbprint holds.
 */
export function certificateThumbprint(der: Buffer): string {
  return createHash("sha256").update(der).digest("base64url");
}

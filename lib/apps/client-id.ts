import { randomBytes } from "node:crypto";

/**
 * A public OAuth client identifier (RFC 6749 §2.2): unique, not secret, but
 * unguessable anyway so that client ids cannot be enumerated.
 */
export function newClientId(): string {
  return `pc_${randomBytes(15).toString("base64url").replace(/[-_]/g, "x").toLowerCase()}`;
}

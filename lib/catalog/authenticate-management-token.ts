// `Authorization: Bearer pmt_…` (RFC 6750 §2.1) on the management endpoint.
// Security-critical: the token is looked up by its SHA-256 only; a missing,
// malformed, unknown or revoked token gets the same 401.
import { getDb } from "@/lib/db";
import { systemActor, type Actor } from "@/lib/authz/actor";
import { PorticoError } from "@/lib/errors";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { MANAGEMENT_TOKEN_PREFIX } from "./create-management-token";

const refused = () =>
  new PorticoError("unauthenticated", "A valid management token is required", {
    // RFC 6750 §3: tell the client which scheme, without saying why.
    headers: { "WWW-Authenticate": 'Bearer realm="portico-management", error="invalid_token"' },
  });

export async function authenticateManagementToken({ authorization, ip }: { authorization: string | null; ip?: string }): Promise<Actor> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  const token = match?.[1];
  if (!token || !token.startsWith(MANAGEMENT_TOKEN_PREFIX) || token.length > 200) throw refused();
  const row = await getDb().managementToken.findUnique({ where: { tokenHash: hashOpaqueSecret(token) } });
  if (!row || row.revokedAt) throw refused();
  await getDb().managementToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return systemActor(`management token "${row.name}" (${row.id})`, ip);
}

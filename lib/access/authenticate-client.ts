// Client authentication at the OAuth endpoints, one branch per IANA
// "Token Endpoint Authentication Method" value.
// @see RFC 6749 §2.3.1 (client_secret_basic, client_secret_post),
//      RFC 8705 §2.1 (tls_client_auth), §2.2 (self_signed_tls_client_auth).
// Security-critical. Secrets are looked up by their SHA-256 (unique column),
// so no secret is compared byte by byte in our code; every failure is the same
// "client" failure, so a caller learns nothing about which part was wrong.
// The OAuth endpoints (lib/oauth/create-client-auth-chain.ts) turn a
// ClientAuthenticationFailed into the RFC 6749 §5.2 error; this module knows
// nothing of the wire format.
import type { Db } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { certificateThumbprint } from "@/lib/tls/certificate-thumbprint";

export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "tls_client_auth" | "self_signed_tls_client_auth";

/** What the TLS layer saw: the peer's certificate and whether it chained to the configured client CA. */
export type PresentedCertificate = { der: Buffer; chainVerified: boolean };

/** A client secret's row as authentication needs it; `findSecret` may serve it from a cache. */
export type SecretRecord = { id: string; appId: string; clientId: string | null; revoked: boolean; expiresAtMs: number | null };

export async function findSecretInDb(db: Db, secretHash: string): Promise<SecretRecord | null> {
  const row = await db.clientSecret.findUnique({
    where: { secretHash },
    select: { id: true, appId: true, revokedAt: true, expiresAt: true, app: { select: { clientId: true } } },
  });
  return row ? { id: row.id, appId: row.appId, clientId: row.app.clientId, revoked: row.revokedAt !== null, expiresAtMs: row.expiresAt?.getTime() ?? null } : null;
}

/**
 * Why authentication failed: "request" when the request itself is
 * inconsistent (two methods at once, RFC 6749 §2.3 → invalid_request),
 * "client" for everything else (→ invalid_client). The message is public.
 */
export class ClientAuthenticationFailed extends Error {
  constructor(
    readonly kind: "request" | "client",
    message = "Client authentication failed",
  ) {
    super(message);
    this.name = "ClientAuthenticationFailed";
  }
}

const clientFailure = (message?: string) => new ClientAuthenticationFailed("client", message);

export type AuthenticatedClient = {
  appId: string;
  clientId: string;
  method: ClientAuthMethod;
  /** x5t#S256 of the certificate presented on this connection, if any (RFC 8705 §3). */
  certThumbprint?: string;
  /** The client secret it authenticated with (client_secret_basic/post): tokens issued now are revoked with it. */
  secretId?: string;
};

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before Base64 in the Basic header. */
function parseBasic(header: string): { clientId: string; secret: string } {
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw clientFailure("Malformed Basic credentials");
  try {
    const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
    const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
    return { clientId, secret };
  } catch {
    throw clientFailure("Malformed Basic credentials");
  }
}

export async function authenticateClient(options: {
  db: Db;
  authorization: string | undefined;
  /** The form parameters that carry client credentials (RFC 6749 §2.3.1). */
  params: { client_id?: string; client_secret?: string };
  certificate: PresentedCertificate | undefined;
  /** Whether the gateway has a client CA configured (PKI-verified tls_client_auth). */
  clientCaConfigured: boolean;
  /** Secret lookup by hash; the gateway passes its cached one (dropped on every app change event). */
  findSecret?: (secretHash: string) => Promise<SecretRecord | null>;
  now?: Date;
}): Promise<AuthenticatedClient> {
  const { db, params } = options;
  const now = options.now ?? new Date();
  const certThumbprint = options.certificate ? certificateThumbprint(options.certificate.der) : undefined;
  const basic = options.authorization?.toLowerCase().startsWith("basic ") ? parseBasic(options.authorization) : undefined;

  // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
  if (basic && params.client_secret) throw new ClientAuthenticationFailed("request", "Use one client authentication method, not both Basic and client_secret");
  if (basic && params.client_id && params.client_id !== basic.clientId) throw new ClientAuthenticationFailed("request", "client_id does not match the Basic credentials");

  const secret = basic?.secret ?? params.client_secret;
  const clientId = basic?.clientId ?? params.client_id;
  if (!clientId) throw clientFailure("Authenticate the client: client_secret_basic, client_secret_post or mutual TLS with client_id");

  if (secret !== undefined) {
    const method: ClientAuthMethod = basic ? "client_secret_basic" : "client_secret_post";
    const secretHash = hashOpaqueSecret(secret);
    const row = await (options.findSecret ?? ((hash) => findSecretInDb(db, hash)))(secretHash);
    const usable = row && row.clientId === clientId && !row.revoked && (row.expiresAtMs === null || row.expiresAtMs > now.getTime());
    if (!usable) throw clientFailure();
    return { appId: row.appId, clientId, method, certThumbprint, secretId: row.id };
  }

  if (options.certificate && certThumbprint) {
    // Our policy for both RFC 8705 methods: the exact certificate must be
    // registered for this client. For tls_client_auth the TLS layer must also
    // have chained it to the bank's client CA, when one is configured.
    const cert = await db.clientCertificate.findFirst({
      where: { thumbprint: certThumbprint, revokedAt: null, notBefore: { lte: now }, notAfter: { gte: now }, app: { clientId } },
      select: { appId: true, selfSigned: true },
    });
    if (!cert) throw clientFailure("The client certificate is not registered for this client, or has expired or been removed");
    if (!cert.selfSigned && options.clientCaConfigured && !options.certificate.chainVerified) {
      throw clientFailure("The client certificate does not chain to the bank's client CA");
    }
    return { appId: cert.appId, clientId, method: cert.selfSigned ? "self_signed_tls_client_auth" : "tls_client_auth", certThumbprint };
  }

  throw clientFailure("Authenticate the client: client_secret_basic, client_secret_post or mutual TLS with client_id");
}

// The client-authentication chain that every OAuth endpoint runs first —
// token (RFC 6749 §3.2.1), introspection (RFC 7662 §2.1) and revocation
// (RFC 7009 §2.1) — composed once when the gateway starts, as
// node-oidc-provider composes its lib/shared/client_auth.js once and mounts
// it in front of each of those actions. Steps, in order:
//   parse the form body → authenticate the client by its IANA method
//   (lib/access/authenticate-client.ts) → load the app's grant in force.
// What an endpoint does with the grant is its own business: the token
// endpoint refuses an app that may not act, introspection answers
// {"active":false}, revocation is allowed regardless.
// Security-critical: an endpoint that skips this chain has no client.
import {
  authenticateClient,
  ClientAuthenticationFailed,
  type AuthenticatedClient,
  type PresentedCertificate,
  type SecretRecord,
} from "@/lib/access/authenticate-client";
import type { AppGrant } from "@/lib/access/load-app-grant";
import type { Db } from "@/lib/db";
import { InvalidClient, InvalidRequest } from "./errors";
import { parseFormBody, type FormParams } from "./parse-form-body";

/** What the chain needs from one HTTP request. */
export type ClientRequest = {
  contentType: string | undefined;
  body: Buffer;
  authorization: string | undefined;
  certificate: PresentedCertificate | undefined;
};

/** What every OAuth endpoint starts from once the chain has run. */
export type AuthenticatedRequest = { params: FormParams; client: AuthenticatedClient; grant: AppGrant };

export type ClientAuthChain = (request: ClientRequest) => Promise<AuthenticatedRequest>;

export function createClientAuthChain(options: {
  db: Db;
  /** Whether the gateway has a client CA configured (PKI-verified tls_client_auth). */
  clientCaConfigured: boolean;
  /** Secret lookup by hash; the gateway passes its cache (dropped on every app change event). */
  findSecret: (secretHash: string) => Promise<SecretRecord | null>;
  loadGrant: (appId: string) => Promise<AppGrant | null>;
}): ClientAuthChain {
  const { db, clientCaConfigured, findSecret, loadGrant } = options;

  return async function runClientAuthChain(request) {
    const params = parseFormBody({ contentType: request.contentType, body: request.body });
    let client: AuthenticatedClient;
    try {
      client = await authenticateClient({ db, authorization: request.authorization, params, certificate: request.certificate, clientCaConfigured, findSecret });
    } catch (error) {
      if (!(error instanceof ClientAuthenticationFailed)) throw error;
      // RFC 6749 §2.3: two methods in one request is a malformed request; every other failure is invalid_client.
      throw error.kind === "request" ? new InvalidRequest(error.message) : new InvalidClient(error.message);
    }
    // The app may have been deleted since its secret or certificate was read.
    const grant = await loadGrant(client.appId);
    if (!grant) throw new InvalidClient();
    return { params, client, grant };
  };
}

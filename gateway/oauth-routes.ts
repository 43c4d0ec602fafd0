// The OAuth 2.0 endpoints of the gateway. Each parses the request, calls
// one lib/oauth function and renders its result or its RFC 6749 §5.2 error.
// Every response says Cache-Control: no-store (RFC 6749 §5.1).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/lib/db";
import { authenticateClient } from "@/lib/access/authenticate-client";
import { authorizationServerMetadata } from "@/lib/oauth/authorization-server-metadata";
import { OAuthError } from "@/lib/oauth/errors";
import { introspectToken } from "@/lib/oauth/introspect-token";
import { parseFormBody } from "@/lib/oauth/parse-form-body";
import { revokeToken } from "@/lib/oauth/revoke-token";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import type { AccessCache } from "@/lib/access/access-cache";
import { presentedCertificate, readBody, sendJson, sendProblem } from "./http";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };
const MAX_FORM_BYTES = 16 * 1024;

export type OAuthContext = { db: Db; cache: AccessCache; issuer: string; mtls: boolean; clientCaConfigured: boolean; scopes: () => string[] };

function sendOAuthError(res: ServerResponse, error: unknown) {
  if (error instanceof OAuthError) {
    sendJson(res, error.status, error.toBody(), { ...NO_STORE, ...error.headers });
    return;
  }
  if (!(error instanceof Error && "status" in error && (error as { status: number }).status < 500)) console.error(error);
  sendProblem(res, error);
}

const clientIp = (req: IncomingMessage) => req.socket.remoteAddress;

async function authenticatedForm(ctx: OAuthContext, req: IncomingMessage) {
  const body = await readBody(req, MAX_FORM_BYTES);
  const params = parseFormBody({ contentType: req.headers["content-type"], body });
  const client = await authenticateClient({
    db: ctx.db,
    authorization: req.headers.authorization,
    params,
    certificate: presentedCertificate(req),
    clientCaConfigured: ctx.clientCaConfigured,
    findSecret: (hash) => ctx.cache.clientSecret(hash),
  });
  return { params, client };
}

/** @see RFC 6749 §3.2, §4.4 */
export async function tokenRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const response = await handleTokenRequest({
      db: ctx.db,
      contentType: req.headers["content-type"],
      body: await readBody(req, MAX_FORM_BYTES),
      authorization: req.headers.authorization,
      certificate: presentedCertificate(req),
      clientCaConfigured: ctx.clientCaConfigured,
      loadGrant: (appId) => ctx.cache.grant(appId),
      loadSettings: () => ctx.cache.bankSettings(),
      findSecret: (hash) => ctx.cache.clientSecret(hash),
    });
    sendJson(res, 200, response, NO_STORE);
  } catch (error) {
    sendOAuthError(res, error);
  }
}

/** @see RFC 7662 §2 */
export async function introspectRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const { params, client } = await authenticatedForm(ctx, req);
    const response = await introspectToken({ db: ctx.db, client, params, issuer: ctx.issuer, loadGrant: (appId) => ctx.cache.grant(appId) });
    sendJson(res, 200, response, NO_STORE);
  } catch (error) {
    sendOAuthError(res, error);
  }
}

/** @see RFC 7009 §2 */
export async function revokeRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const { params, client } = await authenticatedForm(ctx, req);
    await revokeToken({ db: ctx.db, client, params, ip: clientIp(req) });
    res.writeHead(200, { ...NO_STORE, "content-length": "0" }).end();
  } catch (error) {
    sendOAuthError(res, error);
  }
}

/** @see RFC 8414 §3 */
export function metadataRoute(ctx: OAuthContext, res: ServerResponse) {
  sendJson(res, 200, authorizationServerMetadata({ issuer: ctx.issuer, scopes: ctx.scopes(), mtls: ctx.mtls }), { "cache-control": "public, max-age=300" });
}

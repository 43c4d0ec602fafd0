// The OAuth 2.0 endpoints of the gateway. Each parses the request, calls
// one lib/oauth function and renders its result or its RFC 6749 §5.2 error.
// Every response says Cache-Control: no-store (RFC 6749 §5.1).
import type { IncomingMessage, ServerResponse } from "node:http";
import { logServerError } from "@/lib/errors/redact";
import type { AccessCache } from "@/lib/access/access-cache";
import type { Db } from "@/lib/db";
import { authorizationServerMetadata } from "@/lib/oauth/authorization-server-metadata";
import type { AuthenticatedRequest, ClientAuthChain } from "@/lib/oauth/create-client-auth-chain";
import { OAuthError } from "@/lib/oauth/errors";
import { introspectToken } from "@/lib/oauth/introspect-token";
import { pushAuthorizationRequest } from "@/lib/oauth/push-authorization-request";
import { revokeToken } from "@/lib/oauth/revoke-token";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { requestClientIp, type TrustedProxies } from "@/lib/client-ip/client-ip";
import type { TokenRateLimits } from "@/lib/oauth/token-rate-limits";
import { presentedCertificate, readBody, sendJson, sendProblem } from "./http";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };
const MAX_FORM_BYTES = 16 * 1024;

export type OAuthContext = {
  db: Db;
  cache: AccessCache;
  /** The one client-authentication chain, composed at start (lib/oauth/create-client-auth-chain.ts). */
  authenticate: ClientAuthChain;
  issuer: string;
  mtls: boolean;
  scopes: () => string[];
  /** TRUSTED_PROXIES, compiled at start (lib/client-ip). */
  trustedProxies: TrustedProxies;
  /** The token endpoint's budgets, per source IP and per client (lib/oauth/token-rate-limits.ts). */
  tokenLimits: TokenRateLimits;
};

function sendOAuthError(res: ServerResponse, error: unknown) {
  if (error instanceof OAuthError) {
    sendJson(res, error.status, error.toBody(), { ...NO_STORE, ...error.headers });
    return;
  }
  if (!(error instanceof Error && "status" in error && (error as { status: number }).status < 500)) logServerError("oauth:", error);
  sendProblem(res, error);
}

/**
 * Reads the form and runs the client-authentication chain, then the
 * endpoint's own step; every error becomes its RFC 6749 §5.2 answer.
 */
async function clientEndpoint(
  ctx: OAuthContext,
  req: IncomingMessage,
  res: ServerResponse,
  step: (request: AuthenticatedRequest) => Promise<void>,
  /** Runs before the body is read and the client authenticated. */
  before?: () => Promise<unknown>,
) {
  try {
    await before?.();
    const request = await ctx.authenticate({
      contentType: req.headers["content-type"],
      body: await readBody(req, MAX_FORM_BYTES),
      authorization: req.headers.authorization,
      certificate: presentedCertificate(req),
    });
    await step(request);
  } catch (error) {
    sendOAuthError(res, error);
  }
}

/** @see RFC 6749 §3.2, §4.4; over a budget, RFC 6585 §4 (429, Retry-After) */
export function tokenRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  return clientEndpoint(ctx, req, res, async (request) => {
    await ctx.tokenLimits.perClient.consume(request.client.appId);
    const response = await handleTokenRequest({ db: ctx.db, request, loadSettings: () => ctx.cache.bankSettings(), ip: requestClientIp(req, ctx.trustedProxies) });
    sendJson(res, 200, response, NO_STORE);
  }, () => ctx.tokenLimits.perIp.consume(requestClientIp(req, ctx.trustedProxies) ?? "unknown"));
}

/** @see RFC 9126 §2: 201 Created with request_uri and expires_in. */
export function parRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  return clientEndpoint(ctx, req, res, async (request) => {
    sendJson(res, 201, await pushAuthorizationRequest({ db: ctx.db, request }), NO_STORE);
  });
}

/** @see RFC 7662 §2 */
export function introspectRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  return clientEndpoint(ctx, req, res, async (request) => {
    sendJson(res, 200, await introspectToken({ db: ctx.db, request, issuer: ctx.issuer }), NO_STORE);
  });
}

/** @see RFC 7009 §2 */
export function revokeRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  return clientEndpoint(ctx, req, res, async (request) => {
    await revokeToken({ db: ctx.db, request, ip: requestClientIp(req, ctx.trustedProxies) });
    res.writeHead(200, { ...NO_STORE, "content-length": "0" }).end();
  });
}

/** @see RFC 8414 §3 */
export function metadataRoute(ctx: OAuthContext, res: ServerResponse) {
  sendJson(res, 200, authorizationServerMetadata({ issuer: ctx.issuer, scopes: ctx.scopes(), mtls: ctx.mtls }), { "cache-control": "public, max-age=300" });
}

// The gateway: OAuth 2.0 endpoints and the sandbox resource server, on bare
// node:http(s) because Next.js request handling costs ~10x here. Shares
// lib/ with the portal. Per request: one switch on the path, one handler.
// Everything that can be prepared is prepared at start (route tables,
// validators on first use) and cached with change-bus invalidation.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { config } from "@/lib/config";
import { onChange, startChangeBus } from "@/lib/broadcast/change-bus";
import { getDb, type Db } from "@/lib/db";
import { createClientAuthChain } from "@/lib/oauth/create-client-auth-chain";
import { createRequestLogWriter } from "@/lib/logs/record-request-log";
import { AccessCache } from "@/lib/access/access-cache";
import { Mocker } from "@/lib/sandbox/mock-response";
import { createSandboxRateLimiter } from "@/lib/sandbox/rate-limit";
import { createTokenRateLimits } from "@/lib/oauth/token-rate-limits";
import { openRateLimitStore } from "@/lib/rate-limit/rate-limiter";
import { RouteTableBuilder, type RouteTable } from "@/lib/sandbox/route-table";
import { gatewayTlsOptions, type GatewayTlsFiles } from "@/lib/tls/gateway-tls-options";
import { compileTrustedProxies } from "@/lib/client-ip/client-ip";
import { HSTS } from "@/lib/security-headers/page-security-headers";
import { sendJson, sendProblem } from "./http";
import { introspectRoute, metadataRoute, parRoute, revokeRoute, tokenRoute, type OAuthContext } from "./oauth-routes";
import { authorizeRoute, DECIDE_PATH, decideRoute, SIGN_IN_PATH, signInRoute } from "./authorize-pages";
import { sandboxRoute, type SandboxContext } from "./sandbox-route";
import { ACCESS_PATH, ACCESS_REVOKE_PATH, ACCESS_SIGN_IN_PATH, ACCESS_SIGN_OUT_PATH, accessRevokeRoute, accessRoute, accessSignInRoute, accessSignOutRoute } from "./customer-dashboard";
import { COMPOSITE_PATH, compositeRoute } from "./composite-route";
import type { ResourceStoreLimits } from "@/lib/sandbox-data/sandbox-resources";
import { PorticoError } from "@/lib/errors";
import { systemActor } from "@/lib/authz/actor";
import { purgeExpiredTokens } from "@/lib/oauth/purge-expired-tokens";
import { logServerError } from "@/lib/errors/redact";
import { startSiemDelivery } from "@/lib/siem/deliver-siem-events";
import { siemTarget } from "@/lib/siem/siem-target";
import type { SiemConfig } from "@/lib/config";

export type GatewayOptions = {
  port: number;
  host: string;
  /** Terminate TLS here (files); default: config.gatewayTls, i.e. plain HTTP unless configured. */
  tls?: GatewayTlsFiles | null;
  /** The OAuth issuer and public base URL; default config.gatewayUrl (or the bound address when port is 0). */
  issuer?: string;
  /** Sandbox calls per app per minute; default config.sandboxRateLimitPerMinute. */
  rateLimitPerMinute?: number;
  /** Token requests per minute, per source IP and per client; defaults from config (PORTICO_TOKEN_RATE_LIMIT_*). */
  tokenRateLimits?: { perIpPerMinute: number; perClientPerMinute: number };
  /** Where rate limits count; default config.redisUrl (memory when unset). */
  redisUrl?: string;
  maxBodyBytes?: number;
  /** The sandbox resource store's limits; default config.sandboxStoreLimits (PORTICO_SANDBOX_STORE_*). */
  storeLimits?: ResourceStoreLimits;
  logFlushIntervalMs?: number;
  /** Request-log backlog at which sandbox calls are refused with 503 (lib/logs/record-request-log.ts). */
  logHighWaterMark?: number;
  /** The SIEM sink's delivery loop (lib/siem); default config.siem (SIEM_URL), null for none. */
  siem?: SiemConfig | null;
  /** How often to delete expired access-token rows; default config.tokenPurgeIntervalSeconds, 0 = never. */
  tokenPurgeIntervalMs?: number;
  db?: Db;
  /** Proxies whose X-Forwarded-For is believed; default config.trustedProxies (TRUSTED_PROXIES). */
  trustedProxies?: readonly string[];
};

export type Gateway = (http.Server | https.Server) & {
  /** The base URL it listens on. */
  url: string;
  /** Writes queued request logs now (tests). */
  flushLogs(): Promise<void>;
  /** Rebuilds the sandbox route table now (also done on every catalogue change). */
  reloadRoutes(): Promise<void>;
  /** Closes the server, the caches' subscriptions and the log writer. */
  stop(): Promise<void>;
};

/**
 * Every route the gateway answers, with its methods: the list the request
 * switch below dispatches on (a path missing here is a 404, a method missing
 * a 405), and the one the attack suite (e2e/security/) reads to check that
 * each route has its anonymous, other-organisation and lower-role cases.
 * The sandbox is one prefix route: its operations come from the published
 * specs (lib/sandbox/route-table.ts), any method. /sandbox/composite is a
 * route of its own (never an operation path, which always has
 * /{api}/{version}/): several operations, all or nothing (./composite-route.ts).
 */
export const GATEWAY_ROUTES = {
  "/oauth2/token": ["POST"],
  "/oauth2/par": ["POST"],
  "/oauth2/authorize": ["GET"],
  [SIGN_IN_PATH]: ["POST"],
  [DECIDE_PATH]: ["POST"],
  [ACCESS_PATH]: ["GET"],
  [ACCESS_SIGN_IN_PATH]: ["POST"],
  [ACCESS_REVOKE_PATH]: ["POST"],
  [ACCESS_SIGN_OUT_PATH]: ["POST"],
  "/oauth2/introspect": ["POST"],
  "/oauth2/revoke": ["POST"],
  "/.well-known/oauth-authorization-server": ["GET", "HEAD"],
  "/healthz": ["GET", "HEAD"],
  [COMPOSITE_PATH]: ["POST"],
} as const satisfies Record<string, readonly string[]>;
export const SANDBOX_PREFIX = "/sandbox/";
type GatewayPath = keyof typeof GATEWAY_ROUTES;

const searchOf = (req: http.IncomingMessage) => {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  return q < 0 ? "" : url.slice(q + 1);
};

/** RFC 9110 §15.5.6: 405 names the methods the path does support in Allow. */
const methodNotAllowed = (allow: string) => new PorticoError("method_not_allowed", `Use ${allow}`, { headers: { allow } });

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const db = options.db ?? getDb();
  await startChangeBus();
  const tlsFiles = options.tls === undefined ? config.gatewayTls : options.tls ?? undefined;
  const logError = (message: string, error?: unknown) => logServerError(message, error instanceof Error ? error.message : error);

  const routeTables = new RouteTableBuilder({ db, onError: logError });
  let routes: RouteTable = await routeTables.build();
  let rebuilding: Promise<void> | undefined;
  let dirty = false;
  const reloadRoutes = async (): Promise<void> => {
    if (rebuilding) {
      dirty = true;
      return rebuilding;
    }
    rebuilding = (async () => {
      do {
        dirty = false;
        routes = await routeTables.build();
      } while (dirty);
    })().finally(() => (rebuilding = undefined));
    return rebuilding;
  };
  const unsubscribe = onChange((event) => {
    if (event.kind === "catalog") void reloadRoutes().catch((error) => logError("sandbox: route rebuild failed", error));
  });

  const cache = new AccessCache(db);
  const rateLimits = await openRateLimitStore({ redisUrl: options.redisUrl ?? config.redisUrl });
  const limiter = createSandboxRateLimiter({ store: rateLimits, perMinute: options.rateLimitPerMinute ?? config.sandboxRateLimitPerMinute });
  const tokenLimits = createTokenRateLimits({
    store: rateLimits,
    perIpPerMinute: options.tokenRateLimits?.perIpPerMinute ?? config.tokenRateLimitPerIp,
    perClientPerMinute: options.tokenRateLimits?.perClientPerMinute ?? config.tokenRateLimitPerClient,
  });
  const logs = createRequestLogWriter({ flushIntervalMs: options.logFlushIntervalMs, highWaterMark: options.logHighWaterMark, onError: (e) => logError("request log:", e) });
  // The SIEM sink runs where the request-log writer runs; its lease makes it one loop per deployment.
  // A SIEM_URL it cannot use stops the start here, not at the first event.
  const siemConfig = options.siem === undefined ? config.siem : options.siem;
  const siem = siemConfig ? startSiemDelivery({ target: siemTarget(siemConfig), batchSize: siemConfig.batchSize, intervalMs: siemConfig.intervalMs, onError: (e) => logError("SIEM sink:", e) }) : undefined;

  // Expired token rows are deleted on a schedule (lib/oauth/purge-expired-tokens.ts). Unref'd: the
  // timer never keeps the process alive, and stop() clears it.
  const purgeEveryMs = options.tokenPurgeIntervalMs ?? config.tokenPurgeIntervalSeconds * 1000;
  let purging = false;
  const purgeTimer =
    purgeEveryMs > 0
      ? setInterval(() => {
          if (purging) return;
          purging = true;
          purgeExpiredTokens({ actor: systemActor("gateway token purge"), db })
            .catch((error) => logError("token purge failed:", error))
            .finally(() => (purging = false));
        }, purgeEveryMs).unref()
      : undefined;

  const trustedProxies = compileTrustedProxies(options.trustedProxies ?? config.trustedProxies);
  let issuer = options.issuer ?? config.gatewayUrl;
  const oauth: OAuthContext = {
    db,
    cache,
    authenticate: createClientAuthChain({
      db,
      clientCaConfigured: !!tlsFiles?.clientCa,
      findSecret: (hash) => cache.clientSecret(hash),
      loadGrant: (appId) => cache.grant(appId),
    }),
    get issuer() {
      return issuer;
    },
    mtls: !!tlsFiles,
    scopes: () => routes.scopes(),
    trustedProxies,
    tokenLimits,
  };
  const sandbox: SandboxContext = { db, routes: () => routes, cache, limiter, mocker: new Mocker(), logs, maxBodyBytes: options.maxBodyBytes ?? config.maxSandboxBodyBytes, storeLimits: options.storeLimits ?? config.sandboxStoreLimits, trustedProxies };

  // One handler per route of GATEWAY_ROUTES (the type makes a missing one a compile error).
  const handlers: Record<GatewayPath, (req: http.IncomingMessage, res: http.ServerResponse) => unknown> = {
    "/oauth2/token": (req, res) => tokenRoute(oauth, req, res),
    "/oauth2/par": (req, res) => parRoute(oauth, req, res),
    "/oauth2/authorize": (req, res) => authorizeRoute(oauth, req, res, searchOf(req)),
    [SIGN_IN_PATH]: (req, res) => signInRoute(oauth, req, res),
    [DECIDE_PATH]: (req, res) => decideRoute(oauth, req, res),
    [ACCESS_PATH]: (req, res) => accessRoute(oauth, req, res),
    [ACCESS_SIGN_IN_PATH]: (req, res) => accessSignInRoute(oauth, req, res),
    [ACCESS_REVOKE_PATH]: (req, res) => accessRevokeRoute(oauth, req, res),
    [ACCESS_SIGN_OUT_PATH]: (req, res) => accessSignOutRoute(oauth, req, res),
    "/oauth2/introspect": (req, res) => introspectRoute(oauth, req, res),
    "/oauth2/revoke": (req, res) => revokeRoute(oauth, req, res),
    "/.well-known/oauth-authorization-server": (_req, res) => metadataRoute(oauth, res),
    "/healthz": (_req, res) => sendJson(res, 200, { status: "ok" }),
    [COMPOSITE_PATH]: (req, res) => compositeRoute(sandbox, req, res),
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const search = q < 0 ? "" : url.slice(q + 1);
    if (pathname.startsWith(SANDBOX_PREFIX) && pathname !== COMPOSITE_PATH) return void sandboxRoute(sandbox, req, res, pathname, search);
    const route = pathname as GatewayPath;
    const methods: readonly string[] | undefined = Object.hasOwn(GATEWAY_ROUTES, route) ? GATEWAY_ROUTES[route] : undefined;
    if (!methods) return void sendProblem(res, new PorticoError("not_found", "Not found"));
    if (!methods.includes(req.method ?? "")) return void sendProblem(res, methodNotAllowed(methods.join(", ")));
    void handlers[route](req, res);
  };

  // RFC 6797 §7.1: HSTS on every HTTPS answer (never over plain HTTP, §7.2).
  // setHeader before the handler: its writeHead merges it into every answer.
  const secureHandler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader("strict-transport-security", HSTS);
    handler(req, res);
  };
  const server = tlsFiles ? https.createServer(gatewayTlsOptions(tlsFiles), secureHandler) : http.createServer(handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `${tlsFiles ? "https" : "http"}://${options.host.includes(":") ? `[${options.host}]` : options.host}:${address.port}`;
  if (!options.issuer && options.port === 0) issuer = url;

  return Object.assign(server, {
    url,
    flushLogs: () => logs.flush(),
    reloadRoutes,
    async stop() {
      clearInterval(purgeTimer);
      unsubscribe();
      cache.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await logs.close();
      await siem?.stop();
      const { written, refused } = logs.stats();
      if (refused) console.log(`request log: ${written} calls written; ${refused} refused with 503 while the log caught up`);
      await rateLimits.close();
    },
  });
}

// The sandbox resource server: /sandbox/{apiSlug}/{version}/{operation path}.
// Order of checks (each refusal is problem+json, never a 5xx):
//   API known and visible to the caller (else the one constant 404, whatever the path or method)
//   → route (404, or 405 for another method) → bearer token active and, if bound, with its certificate (401)
//   → API and scopes in the grant (403) → per-app rate limit (429)
//   → body size (413) and JSON (400/415) → spec validation (400/422)
//   → accounts within the grant's subset (403) → the answer: from the
//   organisation's sandbox data when the operation has a binding
//   (x-portico-sandbox; every account it resolves checked against the grant
//   again), else from the organisation's resource store when the operation is
//   a collection's or an item's (lib/sandbox/resource-store), else, or when
//   Prefer asks for a documented code or example, or the store cannot answer
//   (then x-portico-sandbox-fallback says why), Prism's mocked response.
// A deprecated version's answers carry Deprecation and Sunset from the API check on.
// Every call is logged (redacted at flush) with its latency; when the log
// cannot keep up, calls are refused up front (503, Retry-After) instead.
import type { IncomingMessage, ServerResponse } from "node:http";
import { logServerError } from "@/lib/errors/redact";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { RequestLogWriter } from "@/lib/logs/record-request-log";
import type { AccessCache } from "@/lib/access/access-cache";
import { apiVisibleTo, callerGrant, checkAccountSubset, checkOperationScopes, checkTokenActive } from "@/lib/sandbox/check-access";
import type { CompiledOperation } from "@/lib/sandbox/compile-operation";
import { missingToken, noSuchOperation, SandboxProblem } from "@/lib/sandbox/errors";
import { parsePrefer, type MockedResponse, type Mocker } from "@/lib/sandbox/mock-response";
import { answerFromData } from "@/lib/sandbox/answer-from-data";
import { answerFromStore } from "@/lib/sandbox/resource-store/answer-from-store";
import type { ResourceStoreLimits } from "@/lib/sandbox-data/sandbox-resources";
import type { Db } from "@/lib/db";
import type { RouteTable } from "@/lib/sandbox/route-table";
import type { RateLimiter } from "@/lib/rate-limit/rate-limiter";
import { certificateThumbprint } from "@/lib/tls/certificate-thumbprint";
import { requestClientIp, type TrustedProxies } from "@/lib/client-ip/client-ip";
import { parseQuery, presentedCertificate, readBody, sendProblem } from "./http";

export type SandboxContext = {
  /** The organisation's sandbox data, for bound operations. */
  db: Db;
  routes: () => RouteTable;
  cache: AccessCache;
  /** Per app (lib/sandbox/rate-limit.ts). */
  limiter: RateLimiter;
  mocker: Mocker;
  logs: RequestLogWriter;
  maxBodyBytes: number;
  /** The resource store's limits per resource and per organisation. */
  storeLimits: ResourceStoreLimits;
  /** TRUSTED_PROXIES, compiled at start (lib/client-ip). */
  trustedProxies: TrustedProxies;
};

const PREFIX = "/sandbox/";

function parseJsonBody(operation: CompiledOperation, contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) {
    if (operation.bodyRequired) throw new SandboxProblem("validation_failed", "invalid_request", "The request does not match the API's spec", { violations: [{ pointer: "/body", message: "a request body is required" }] });
    return undefined;
  }
  if (!operation.bodyMediaTypes.length) return undefined; // the operation takes no body: ignore what was sent
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!/^application\/([a-z0-9.+-]+\+)?json$/.test(type)) {
    throw new SandboxProblem("unsupported_media_type", "unsupported_media_type", `Send the body as ${operation.bodyMediaTypes.join(" or ")}`);
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new SandboxProblem("bad_request", "malformed_json", "The request body is not valid JSON");
  }
}

/**
 * The request log is behind (its backlog is at the high-water mark): refuse
 * before doing anything, so no call is answered that would not be recorded.
 * RFC 9110 §15.6.4 (503) with §10.2.3 Retry-After.
 */
function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The operation's declared correlation-id headers, as the caller sent them (Node has already refused CR/LF in values). */
function echoedHeaders(operation: CompiledOperation, req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of operation.correlationHeaders) {
    const value = req.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

/** Prefer: code=…, example=… or dynamic=true asks for the spec's documented answers, which Prism gives even for a bound operation. */
function wantsMock(prefer: string | undefined): boolean {
  if (!prefer) return false;
  const p = parsePrefer(prefer);
  return p.code !== undefined || p.exampleKey !== undefined || p.dynamic;
}

/** Prism's answer for a request the resource store could not answer, saying why (a mock's cached answer is not changed). */
function withFallbackReason(mocked: MockedResponse, reason: string | undefined): MockedResponse {
  if (reason === undefined) return mocked;
  const header = reason.replace(/[^\x20-\x7e]/g, "?").slice(0, 300);
  return { ...mocked, headers: { ...mocked.headers, "x-portico-sandbox-fallback": header } };
}

const logBehind = () => new SandboxProblem("unavailable", "request_log_behind", "The sandbox is busy; retry shortly", { headers: { "retry-after": "1" } });

export async function sandboxRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, pathname: string, search: string) {
  if (!ctx.logs.admit()) return void sendProblem(res, logBehind());
  const started = performance.now();
  const method = req.method ?? "GET";
  let operation: CompiledOperation | undefined;
  let appId: string | undefined;
  let organisationId: string | undefined;
  let status = 500;
  let errorCode: string | undefined;
  let apiSlug: string | undefined;
  let apiVersion: string | undefined;
  const query = parseQuery(search);
  try {
    // ── route: /sandbox/{apiSlug}/{version}/{path…}
    const rest = pathname.slice(PREFIX.length);
    const a = rest.indexOf("/");
    const b = a < 0 ? -1 : rest.indexOf("/", a + 1);
    apiSlug = a < 0 ? undefined : rest.slice(0, a);
    apiVersion = b < 0 ? undefined : safeDecode(rest.slice(a + 1, b));
    const opPath = b < 0 ? "" : rest.slice(b);

    // ── caller: RFC 6750 §2.1 bearer header only (no tokens in query strings, which end up in logs).
    // Looked up before the API, whether or not one matches, so an unknown API and one the caller
    // may not see take the same steps.
    const authorization = req.headers.authorization;
    const bearer = authorization && authorization.slice(0, 7).toLowerCase() === "bearer " ? authorization.slice(7).trim() : undefined;
    const token = bearer === undefined ? null : await ctx.cache.token(hashOpaqueSecret(bearer));
    const grant = token ? await ctx.cache.grant(token.appId) : null;
    const cert = token?.certThumbprint ? presentedCertificate(req) : undefined;
    const access = { token, grant, presentedThumbprint: cert ? certificateThumbprint(cert.der) : undefined, nowMs: Date.now() };

    // Security-critical: an API the caller may not see answers as if it did not exist (no 401, no 405, no name).
    const table = ctx.routes();
    const api = apiSlug !== undefined && apiVersion !== undefined ? table.api(apiSlug, apiVersion) : undefined;
    if (!api || !apiVisibleTo(api, callerGrant(access))) throw noSuchOperation();
    // A deprecated version says so on every answer, refusals included (RFC 9745, RFC 8594).
    for (const [name, value] of Object.entries(api.lifecycleHeaders)) res.setHeader(name, value);
    const match = table.match(api, method, opPath);
    if (!match) {
      // The path exists with other methods: 405 with Allow (RFC 9110 §15.5.6) — only for an API the caller
      // may see, like the 404 that names it; a path without any operation stays a 404.
      const allow = table.allowedMethods(api, opPath).join(", ");
      if (allow) throw new SandboxProblem("method_not_allowed", "method_not_allowed", `${api.title} ${apiVersion} has no operation ${method} ${opPath}; use ${allow}`, { headers: { allow } });
      throw new SandboxProblem("not_found", "not_found", `${api.title} ${apiVersion} has no operation ${method} ${opPath}`);
    }
    operation = match.operation;
    // Set now, so refusals from here on carry them too; a mocked header of the same name gives way below.
    const echoed = echoedHeaders(operation, req);
    for (const [name, value] of Object.entries(echoed)) res.setHeader(name, value);

    // ── token: active and, if bound, presented with its certificate
    if (bearer === undefined) throw missingToken();
    checkTokenActive(access);
    appId = access.token.appId;
    organisationId = access.grant.organisationId;
    checkOperationScopes({ token: access.token, grant: access.grant, operation });

    await ctx.limiter.consume(appId);

    const body = parseJsonBody(operation, req.headers["content-type"], await readBody(req, ctx.maxBodyBytes));
    const headers = req.headers as Record<string, string>;
    const validator = operation.validator();
    const parameterViolations = validator.parameters({ path: match.params, query, header: headers });
    if (parameterViolations.length) throw new SandboxProblem("bad_request", "invalid_request", "The request does not match the API's spec", { violations: parameterViolations });
    if (body !== undefined) {
      const bodyViolations = validator.body(body);
      if (bodyViolations.length) throw new SandboxProblem("validation_failed", "invalid_request", "The request body does not match the API's spec", { violations: bodyViolations });
    }
    checkAccountSubset({ grant: access.grant, operation, params: match.params, query, headers: req.headers, body });

    const prefer = req.headers.prefer as string | undefined;
    // One answer: the organisation's data (binding) or its resource store (a collection's operation),
    // unless Prefer asks for the spec's documented answers; else, or when the store cannot answer, Prism.
    const answered = wantsMock(prefer)
      ? undefined
      : operation.binding
        ? { answer: await answerFromData({ db: ctx.db, binding: operation.binding, grant: access.grant, request: { params: match.params, query, headers: req.headers, body } }) }
        : operation.store
          ? await answerFromStore({ db: ctx.db, operation, shape: operation.store, organisationId: access.grant.organisationId, params: match.params, body, limits: ctx.storeLimits })
          : undefined;
    const mocked =
      answered && "answer" in answered
        ? answered.answer
        : withFallbackReason(
            await ctx.mocker.respond({ operation, prefer, accept: req.headers.accept, path: opPath, query, headers: { accept: req.headers.accept ?? "*/*" }, body }),
            answered?.fallback,
          );
    status = mocked.status;
    res.writeHead(status, { ...mocked.headers, ...echoed, "content-length": mocked.body.length, "cache-control": "no-store" });
    res.end(mocked.body);
  } catch (error) {
    if (!(error instanceof SandboxProblem)) logServerError("sandbox:", error);
    ({ status, code: errorCode } = sendProblem(res, error));
  } finally {
    ctx.logs.record({
      at: new Date(),
      appId,
      organisationId,
      apiSlug,
      apiVersion,
      operationId: operation?.operationId,
      method,
      path: pathname,
      template: operation ? `/sandbox/${operation.apiSlug}/${operation.version}${operation.path}` : undefined,
      sensitiveParams: operation?.parameterMarks.filter((m) => m.in === "path").map((m) => m.name),
      sensitiveQueryParams: operation?.parameterMarks.filter((m) => m.in === "query").map((m) => m.name),
      status,
      latencyMs: performance.now() - started,
      errorCode,
      detail: { query, prefer: req.headers.prefer },
      sourceIp: requestClientIp(req, ctx.trustedProxies),
    });
  }
}

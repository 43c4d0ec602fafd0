// The sandbox resource server: /sandbox/{apiSlug}/{version}/{operation path}.
// Order of checks (each refusal is problem+json, never a 5xx):
//   API known and visible to the caller (else the one constant 404, whatever the path or method)
//   → route (404, or 405 for another method) → bearer token active and, if bound, with its certificate (401)
//   → API and scopes in the grant (403) → per-app rate limit (429)
//   → body size (413) and JSON (400/415) → spec validation (400/422)
//   → accounts within the grant's subset (403) → scenario (Prefer: scenario=…,
//   lib/sandbox/scenarios.ts: 400 unknown, 503 bank_error, a held answer for
//   slow) → the answer: from the organisation's sandbox data when the
//   operation has a binding (x-portico-sandbox; every account it resolves
//   checked against the grant again), else from the organisation's resource
//   store when the operation is a collection's or an item's
//   (lib/sandbox/resource-store), else, or when Prefer asks for a documented
//   code or example, or the store cannot answer (then
//   x-portico-sandbox-fallback says why), Prism's mocked response.
// A deprecated version's answers carry Deprecation and Sunset from the API check on.
// Every call is logged (redacted at flush) with its latency; when the log
// cannot keep up, calls are refused up front (503, Retry-After) instead.
//
// The pipeline is one function, handleSandboxCall(ctx, call, access, db,
// trace): a parsed call (method, path, query, headers, lazy body), the
// caller's token and grant looked up once (resolveAccess), and the database
// handle every data read and write goes through — the client for a single
// call, the transaction of a composite request (./composite-route.ts), whose
// steps are checked exactly as single calls by this same function.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { logServerError } from "@/lib/errors/redact";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { RequestLogWriter } from "@/lib/logs/record-request-log";
import type { AccessCache } from "@/lib/access/access-cache";
import { apiVisibleTo, callerGrant, checkAccountSubset, checkOperationScopes, checkTokenActive, grantForToken } from "@/lib/sandbox/check-access";
import type { CompiledOperation } from "@/lib/sandbox/compile-operation";
import { missingToken, noSuchOperation, SandboxProblem } from "@/lib/sandbox/errors";
import { parsePrefer, type MockedResponse, type Mocker } from "@/lib/sandbox/mock-response";
import { answerFromData } from "@/lib/sandbox/answer-from-data";
import type { Db, DbOrTx } from "@/lib/db";
import type { AppGrant } from "@/lib/access/load-app-grant";
import type { TokenRecord } from "@/lib/access/access-cache";
import { PAYMENT_SCENARIOS, requestedScenario, SLOW_SCENARIO_MS } from "@/lib/sandbox/scenarios";
import { answerFromStore } from "@/lib/sandbox/resource-store/answer-from-store";
import type { ResourceStoreLimits } from "@/lib/sandbox-data/sandbox-resources";
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
function echoedHeaders(operation: CompiledOperation, headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of operation.correlationHeaders) {
    const value = headers[name];
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

/** RFC 9110 §15.6.4 (503) with §10.2.3 Retry-After: the request log is behind, so nothing is answered that would not be recorded. */
export const logBehind = () => new SandboxProblem("unavailable", "request_log_behind", "The sandbox is busy; retry shortly", { headers: { "retry-after": "1" } });

/** Who is calling: the bearer token (RFC 6750 §2.1, header only) with its record and its app's grant, looked up once per HTTP request. */
export type CallerAccess = {
  bearer: string | undefined;
  token: TokenRecord | null;
  grant: AppGrant | null;
  presentedThumbprint: string | undefined;
  nowMs: number;
};

/**
 * Looked up before the API, whether or not one matches, so an unknown API and
 * one the caller may not see take the same steps. No tokens in query strings,
 * which end up in logs.
 */
export async function resolveAccess(ctx: SandboxContext, req: IncomingMessage): Promise<CallerAccess> {
  const authorization = req.headers.authorization;
  const bearer = authorization && authorization.slice(0, 7).toLowerCase() === "bearer " ? authorization.slice(7).trim() : undefined;
  const token = bearer === undefined ? null : await ctx.cache.token(hashOpaqueSecret(bearer));
  // A customer's token sees only the accounts the customer consented to (lib/sandbox/check-access.ts).
  const grant = token ? grantForToken(token, await ctx.cache.grant(token.appId)) : null;
  const cert = token?.certThumbprint ? presentedCertificate(req) : undefined;
  return { bearer, token, grant, presentedThumbprint: cert ? certificateThumbprint(cert.der) : undefined, nowMs: Date.now() };
}

/** One sandbox call, parsed: from an HTTP request, or a step of a composite request. */
export type SandboxCall = {
  method: string;
  /** /sandbox/{apiSlug}/{version}/{operation path}, as sent (percent-encoded). */
  pathname: string;
  query: Record<string, string | string[]>;
  /** Lower-case names, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The raw body, read only once the call has passed the token, scope and rate-limit checks. */
  readBody: () => Promise<Buffer>;
};

/** What the checks learned about a call, filled in as they pass: for its request-log line, and the headers every answer carries (refusals too). */
export type CallTrace = {
  apiSlug?: string;
  apiVersion?: string;
  operation?: CompiledOperation;
  appId?: string;
  organisationId?: string;
  /** Lifecycle (Deprecation, Sunset) and echoed correlation-id headers. */
  headers: Record<string, string>;
};

/** A call's answer; `delayMs` is how long to hold it (the slow scenario), spent by the caller after any transaction has ended. */
export type SandboxAnswer = MockedResponse & { delayMs: number };

/**
 * The pipeline: runs every check of a sandbox call in the order of the header
 * comment and answers it, or throws the SandboxProblem of the first check
 * that refuses. `db` is where the answer's data is read and written: the
 * client, or a composite request's transaction.
 */
export async function handleSandboxCall(ctx: SandboxContext, call: SandboxCall, access: CallerAccess, db: DbOrTx, trace: CallTrace): Promise<SandboxAnswer> {
  const { method, headers, query } = call;
  // ── route: /sandbox/{apiSlug}/{version}/{path…}
  const rest = call.pathname.slice(PREFIX.length);
  const a = rest.indexOf("/");
  const b = a < 0 ? -1 : rest.indexOf("/", a + 1);
  const apiSlug = (trace.apiSlug = a < 0 ? undefined : rest.slice(0, a));
  const apiVersion = (trace.apiVersion = b < 0 ? undefined : safeDecode(rest.slice(a + 1, b)));
  const opPath = b < 0 ? "" : rest.slice(b);

  // Security-critical: an API the caller may not see answers as if it did not exist (no 401, no 405, no name).
  const table = ctx.routes();
  const api = apiSlug !== undefined && apiVersion !== undefined ? table.api(apiSlug, apiVersion) : undefined;
  if (!api || !apiVisibleTo(api, callerGrant(access))) throw noSuchOperation();
  // A deprecated version says so on every answer, refusals included (RFC 9745, RFC 8594).
  Object.assign(trace.headers, api.lifecycleHeaders);
  const match = table.match(api, method, opPath);
  if (!match) {
    // The path exists with other methods: 405 with Allow (RFC 9110 §15.5.6) — only for an API the caller
    // may see, like the 404 that names it; a path without any operation stays a 404.
    const allow = table.allowedMethods(api, opPath).join(", ");
    if (allow) throw new SandboxProblem("method_not_allowed", "method_not_allowed", `${api.title} ${apiVersion} has no operation ${method} ${opPath}; use ${allow}`, { headers: { allow } });
    throw new SandboxProblem("not_found", "not_found", `${api.title} ${apiVersion} has no operation ${method} ${opPath}`);
  }
  const operation = (trace.operation = match.operation);
  // Set now, so refusals from here on carry them too; a mocked header of the same name gives way below.
  const echoed = echoedHeaders(operation, headers);
  Object.assign(trace.headers, echoed);

  // ── token: active and, if bound, presented with its certificate
  if (access.bearer === undefined) throw missingToken();
  checkTokenActive(access);
  trace.appId = access.token.appId;
  trace.organisationId = access.grant.organisationId;
  checkOperationScopes({ token: access.token, grant: access.grant, operation });

  await ctx.limiter.consume(access.token.appId);

  const body = parseJsonBody(operation, headers["content-type"], await call.readBody());
  const validator = operation.validator();
  const parameterViolations = validator.parameters({ path: match.params, query, header: headers as Record<string, string> });
  if (parameterViolations.length) throw new SandboxProblem("bad_request", "invalid_request", "The request does not match the API's spec", { violations: parameterViolations });
  if (body !== undefined) {
    const bodyViolations = validator.body(body);
    if (bodyViolations.length) throw new SandboxProblem("validation_failed", "invalid_request", "The request body does not match the API's spec", { violations: bodyViolations });
  }
  checkAccountSubset({ grant: access.grant, operation, params: match.params, query, headers, body });

  // ── scenario: only now, so that it never lets through a call the checks above would refuse
  const prefer = typeof headers.prefer === "string" ? headers.prefer : undefined;
  const scenario = requestedScenario(prefer);
  if (scenario === "bank_error") {
    // The bank's side failed, on purpose: a 503 the app should retry, which our own error log never sees.
    throw new SandboxProblem("unavailable", "bank_error", "The bank's systems did not answer in time (scenario=bank_error); retry later", { headers: { "retry-after": "1" } });
  }
  const isPaymentCreation = operation.binding?.resource === "payments" && operation.binding.action === "create";
  if (scenario && PAYMENT_SCENARIOS.has(scenario) && !isPaymentCreation) {
    throw new SandboxProblem("bad_request", "unknown_scenario", `scenario=${scenario} applies to creating a payment, not to ${operation.operationId}`, {
      violations: [{ pointer: "/header/prefer", message: `scenario=${scenario} applies to payment creation only` }],
    });
  }

  // One answer: the organisation's data (binding) or its resource store (a collection's operation),
  // unless Prefer asks for the spec's documented answers; else, or when the store cannot answer, Prism.
  const answered = wantsMock(prefer)
    ? undefined
    : operation.binding
      ? {
          answer: await answerFromData({
            db,
            binding: operation.binding,
            grant: access.grant,
            request: { params: match.params, query, headers, body },
            scenario: scenario && PAYMENT_SCENARIOS.has(scenario) ? scenario : undefined,
          }),
        }
      : operation.store
        ? await answerFromStore({ db, operation, shape: operation.store, organisationId: access.grant.organisationId, params: match.params, body, limits: ctx.storeLimits })
        : undefined;
  const mocked =
    answered && "answer" in answered
      ? answered.answer
      : withFallbackReason(
          await ctx.mocker.respond({ operation, prefer, accept: headers.accept, path: opPath, query, headers: { accept: headers.accept ?? "*/*" }, body }),
          answered?.fallback,
        );
  return {
    status: mocked.status,
    headers: { ...mocked.headers, ...echoed, "content-length": String(mocked.body.length), "cache-control": "no-store" },
    body: mocked.body,
    delayMs: scenario === "slow" ? SLOW_SCENARIO_MS : 0,
  };
}

/** The call's request-log line (redacted at flush by the operation's template and marks). */
export function recordCall(
  ctx: SandboxContext,
  entry: { call: SandboxCall; trace: CallTrace; status: number; errorCode?: string; started: number; sourceIp?: string; detail?: Record<string, unknown> },
) {
  const { call, trace } = entry;
  const operation = trace.operation;
  ctx.logs.record({
    at: new Date(),
    appId: trace.appId,
    organisationId: trace.organisationId,
    apiSlug: trace.apiSlug,
    apiVersion: trace.apiVersion,
    operationId: operation?.operationId,
    method: call.method,
    path: call.pathname,
    template: operation ? `/sandbox/${operation.apiSlug}/${operation.version}${operation.path}` : undefined,
    sensitiveParams: operation?.parameterMarks.filter((m) => m.in === "path").map((m) => m.name),
    sensitiveQueryParams: operation?.parameterMarks.filter((m) => m.in === "query").map((m) => m.name),
    status: entry.status,
    latencyMs: performance.now() - entry.started,
    errorCode: entry.errorCode,
    detail: { query: call.query, prefer: call.headers.prefer, ...entry.detail },
    sourceIp: entry.sourceIp,
  });
}

/** A single sandbox call over HTTP: the pipeline on the database client, its answer written, its log line recorded. */
export async function sandboxRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, pathname: string, search: string) {
  if (!ctx.logs.admit()) return void sendProblem(res, logBehind());
  const started = performance.now();
  const call: SandboxCall = { method: req.method ?? "GET", pathname, query: parseQuery(search), headers: req.headers, readBody: () => readBody(req, ctx.maxBodyBytes) };
  const trace: CallTrace = { headers: {} };
  let status = 500;
  let errorCode: string | undefined;
  try {
    const answer = await handleSandboxCall(ctx, call, await resolveAccess(ctx, req), ctx.db, trace);
    if (answer.delayMs) await sleep(answer.delayMs);
    status = answer.status;
    res.writeHead(status, { ...trace.headers, ...answer.headers });
    res.end(answer.body);
  } catch (error) {
    if (!(error instanceof SandboxProblem)) logServerError("sandbox:", error);
    for (const [name, value] of Object.entries(trace.headers)) res.setHeader(name, value);
    ({ status, code: errorCode } = sendProblem(res, error));
  } finally {
    recordCall(ctx, { call, trace, status, errorCode, started, sourceIp: requestClientIp(req, ctx.trustedProxies) });
  }
}

// POST /sandbox/composite: up to 20 sandbox calls run in order, all or
// nothing (README "Composite requests"). One endpoint for every API, so that
// a composite can span APIs (read an account, pay from it, read the payment).
// Order of checks (the method, POST, is checked by gateway/server.ts like
// every fixed route's): request log admits (503) → bearer token
// active (401) → body size, JSON and shape (413/400/415/422) → then, inside
// ONE database transaction, each step in turn: its references resolved
// (composite-references.ts, 422 naming the unknown one), then the very
// pipeline of a single call (handleSandboxCall in ./sandbox-route.ts: API,
// route, token, scopes, rate limit, body, validation, accounts, scenario,
// answer), with the composite's token and the transaction as its database.
// The first step that does not answer 2xx rolls the transaction back — the
// payments, transactions, balances and the outbox rows of their callbacks
// with it — and the composite answers with that step's status and a
// problem+json naming its id and index. Otherwise the transaction commits
// and the answer lists every step's status, headers and body.
// Every step that ran is request-logged like a single call, and the
// composite itself once; a slow scenario's delay is spent after the
// transaction has ended, never while holding the database.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { parseInput, PorticoError, PROBLEM_TYPES, toProblem, type ErrorCode, type Problem } from "@/lib/errors";
import { logServerError } from "@/lib/errors/redact";
import { checkTokenActive } from "@/lib/sandbox/check-access";
import { missingToken, SandboxProblem } from "@/lib/sandbox/errors";
import { substituteInBody, substituteInText, type StepAnswer } from "@/lib/sandbox/composite-references";
import { requestClientIp } from "@/lib/client-ip/client-ip";
import { parseQuery, readBody, sendProblem, tooLarge } from "./http";
import { handleSandboxCall, logBehind, recordCall, resolveAccess, type CallTrace, type SandboxCall, type SandboxContext } from "./sandbox-route";

export const COMPOSITE_PATH = "/sandbox/composite";
/** Steps per composite: enough for a realistic journey, few enough that one composite cannot hold the database long. */
export const MAX_COMPOSITE_REQUESTS = 20;
/** How long the transaction may stay open (Prisma's interactive transaction timeout), and wait to start. */
const TRANSACTION_TIMEOUT_MS = 15_000;
const TRANSACTION_MAX_WAIT_MS = 5_000;

/** Headers a step may not set: the composite's own token is used for every step, and framing is the gateway's. */
const RESERVED_HEADERS = new Set(["authorization", "content-length", "transfer-encoding", "host", "connection"]);
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

const stepSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, "an id of letters, digits, _ or -, starting with a letter (at most 32)"),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    path: z
      .string()
      .max(2048)
      .regex(/^\/sandbox\/[^?#]+\/[^?#]+\/[^#]*$/, "a sandbox path: /sandbox/{api}/{version}/{operation path}[?query]"),
    headers: z.record(z.string(), z.string().max(8192)).optional(),
    body: z.unknown().optional(),
  })
  .strict();
const compositeSchema = z
  .object({
    requests: z
      .array(stepSchema)
      .min(1, "at least one request")
      .max(MAX_COMPOSITE_REQUESTS, `at most ${MAX_COMPOSITE_REQUESTS} requests in one composite`),
  })
  .strict();
type Step = z.output<typeof stepSchema>;

/** A step that did not answer 2xx: the transaction rolls back and the composite answers with this. */
class StepFailed extends Error {
  constructor(
    readonly index: number,
    readonly step: Step,
    readonly status: number,
    readonly problem: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`step ${step.id} failed with ${status}`);
  }
}

const invalid = (message: string, pointer: string) => new SandboxProblem("validation_failed", "invalid_composite", message, { violations: [{ pointer, message }] });

function parseComposite(contentType: string | undefined, raw: Buffer) {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new SandboxProblem("unsupported_media_type", "unsupported_media_type", "Send the composite as application/json");
  let unverified: unknown;
  try {
    unverified = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new SandboxProblem("bad_request", "malformed_json", "The request body is not valid JSON");
  }
  const { requests } = parseInput(compositeSchema, unverified, "The composite request is not valid");
  const seen = new Set<string>();
  requests.forEach((step, i) => {
    if (seen.has(step.id)) throw invalid(`id ${step.id} is used twice; each request needs its own id`, `/requests/${i}/id`);
    seen.add(step.id);
    if (step.path.split("?")[0] === COMPOSITE_PATH) throw invalid("a composite cannot contain a composite", `/requests/${i}/path`);
    for (const [name, value] of Object.entries(step.headers ?? {})) {
      const lower = name.toLowerCase();
      if (!HEADER_NAME.test(lower) || /[\r\n\0]/.test(value)) throw invalid(`header ${name.slice(0, 64)} is not a valid header`, `/requests/${i}/headers`);
      if (RESERVED_HEADERS.has(lower)) throw invalid(`header ${lower} cannot be set per request; the composite's token is used for every request`, `/requests/${i}/headers/${name}`);
    }
  });
  return requests;
}

/** A step as a sandbox call, its references to earlier answers resolved. */
function stepCall(ctx: SandboxContext, step: Step, index: number, earlier: ReadonlyMap<string, StepAnswer>): SandboxCall {
  const at = `/requests/${index}`;
  const [rawPath, search = ""] = step.path.split(/\?(.*)/s) as [string, string?];
  const pathname = substituteInText(rawPath, earlier, `${at}/path`, encodeURIComponent);
  const query = parseQuery(substituteInText(search, earlier, `${at}/path`, encodeURIComponent));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.headers ?? {})) {
    const resolved = substituteInText(value, earlier, `${at}/headers/${name}`);
    if (/[\r\n\0]/.test(resolved)) throw invalid(`header ${name} would hold a line break`, `${at}/headers/${name}`);
    headers[name.toLowerCase()] = resolved;
  }
  const body = step.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(substituteInBody(step.body, earlier, `${at}/body`)));
  if (body.length && !headers["content-type"]) headers["content-type"] = "application/json";
  return {
    method: step.method,
    pathname,
    query,
    headers,
    readBody: async () => {
      if (body.length > ctx.maxBodyBytes) throw tooLarge(ctx.maxBodyBytes);
      return body;
    },
  };
}

function answerBody(headers: Record<string, string>, body: Buffer): unknown {
  if (!body.length) return undefined;
  const text = body.toString("utf8");
  if (/^application\/([a-z0-9.+-]+\+)?json/i.test(headers["content-type"] ?? "")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The problem type for a status a step answered with (a mocked documented error, Prefer: code=…). */
function codeForStatus(status: number): ErrorCode {
  const found = (Object.keys(PROBLEM_TYPES) as ErrorCode[]).find((code) => PROBLEM_TYPES[code].status === status);
  return found ?? (status >= 500 ? "internal" : "bad_request");
}

/** The composite's answer when a step failed: the step's status, and a problem naming the step, why, and that nothing changed. */
function sendStepFailed(res: ServerResponse, failure: StepFailed) {
  const { step, index, status } = failure;
  const inner: Problem | unknown = failure.problem;
  const code: ErrorCode = failure.problem && typeof failure.problem === "object" && "code" in failure.problem && (failure.problem as Problem).code in PROBLEM_TYPES
    ? ((failure.problem as Problem).code as ErrorCode)
    : codeForStatus(status);
  const why = inner && typeof inner === "object" && typeof (inner as Problem).detail === "string" ? `: ${(inner as Problem).detail}` : "";
  const problem = {
    type: `https://portico.dev/problems/${code}`,
    title: PROBLEM_TYPES[code].title,
    status,
    detail: `Request ${step.id} (index ${index}) failed with ${status}${why}; nothing was committed`,
    code,
    failedRequest: { id: step.id, index, status, problem: inner },
  };
  const text = JSON.stringify(problem);
  res.writeHead(status, {
    ...failure.headers,
    "content-type": "application/problem+json",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export async function compositeRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
  if (!ctx.logs.admit()) return void sendProblem(res, logBehind());
  const started = performance.now();
  const compositeId = `cmp_${randomUUID().replaceAll("-", "")}`;
  const sourceIp = requestClientIp(req, ctx.trustedProxies);
  const self: SandboxCall = { method: req.method ?? "POST", pathname: COMPOSITE_PATH, query: {}, headers: {}, readBody: async () => Buffer.alloc(0) };
  const trace: CallTrace = { headers: {} };
  let status = 500;
  let errorCode: string | undefined;
  let failedRequest: string | undefined;
  try {
    const access = await resolveAccess(ctx, req);
    // The token is checked before the body is read, so nobody without one makes the gateway parse anything;
    // each step checks it again (with its scopes) exactly as a single call does.
    if (access.bearer === undefined) throw missingToken();
    checkTokenActive(access);
    trace.appId = access.token.appId;
    trace.organisationId = access.grant.organisationId;
    const steps = parseComposite(req.headers["content-type"], await readBody(req, ctx.maxBodyBytes));

    const answers = new Map<string, StepAnswer>();
    const results: Array<StepAnswer & { id: string }> = [];
    let delayMs = 0;
    try {
      await ctx.db.$transaction(
        async (tx) => {
          for (const [index, step] of steps.entries()) {
            const stepStarted = performance.now();
            const stepTrace: CallTrace = { headers: {} };
            let call: SandboxCall;
            try {
              call = stepCall(ctx, step, index, answers);
            } catch (error) {
              // An unknown reference (or a header it would break): the step fails before it runs, and is named like any other.
              throw new StepFailed(index, step, 422, toProblem(error), {});
            }
            let stepStatus = 500;
            let stepError: string | undefined;
            try {
              const answer = await handleSandboxCall(ctx, call, { ...access, nowMs: Date.now() }, tx, stepTrace);
              stepStatus = answer.status;
              const { "content-length": _length, ...headers } = { ...stepTrace.headers, ...answer.headers };
              const body = answerBody(headers, answer.body);
              if (stepStatus < 200 || stepStatus > 299) throw new StepFailed(index, step, stepStatus, body, {});
              delayMs = Math.max(delayMs, answer.delayMs);
              const result = { status: stepStatus, headers, body };
              answers.set(step.id, result);
              results.push({ id: step.id, ...result });
            } catch (error) {
              if (error instanceof StepFailed) throw error;
              if (!(error instanceof PorticoError)) logServerError("sandbox composite:", error);
              const problem = toProblem(error);
              stepStatus = problem.status;
              stepError = error instanceof SandboxProblem ? error.reason : problem.code;
              throw new StepFailed(index, step, stepStatus, problem, { ...stepTrace.headers, ...(error instanceof SandboxProblem ? error.headers : {}) });
            } finally {
              recordCall(ctx, { call, trace: stepTrace, status: stepStatus, errorCode: stepError, started: stepStarted, sourceIp, detail: { composite: compositeId, step: step.id } });
            }
          }
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_MAX_WAIT_MS },
      );
    } catch (error) {
      if ((error as { code?: string }).code === "P2028") {
        // Prisma could not open or keep the transaction (another writer held the database too long).
        throw new SandboxProblem("unavailable", "sandbox_busy", "The sandbox is busy; retry the composite shortly", { headers: { "retry-after": "1" } });
      }
      throw error;
    }
    if (delayMs) await sleep(delayMs);
    status = 200;
    const text = JSON.stringify({ responses: results });
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": String(Buffer.byteLength(text)) });
    res.end(text);
  } catch (error) {
    if (error instanceof StepFailed) {
      status = error.status;
      errorCode = "composite_step_failed";
      failedRequest = error.step.id;
      sendStepFailed(res, error);
    } else {
      if (!(error instanceof PorticoError)) logServerError("sandbox composite:", error);
      ({ status, code: errorCode } = sendProblem(res, error));
    }
  } finally {
    recordCall(ctx, { call: self, trace, status, errorCode, started, sourceIp, detail: { composite: compositeId, ...(failedRequest ? { failedRequest } : {}) } });
  }
}

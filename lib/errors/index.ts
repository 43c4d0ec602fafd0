// One base error for the whole domain: a wire code, a public message that is
// safe to show, and internal detail that never leaves the server. One table
// maps codes to HTTP statuses and titles; route handlers and the gateway
// render every error through toProblem() as RFC 9457 problem+json, and every
// piece of unverified input is parsed through parseInput().
import type { z } from "zod";
import { logServerError } from "./redact";
import { readableIssue } from "./readable-issue";

/**
 * Status and title per problem type. The title is the same for every
 * occurrence of the type; what went wrong this time is the `detail`
 * (RFC 9457 §3.1.4 title, §3.1.5 detail).
 */
export const PROBLEM_TYPES = {
  bad_request: { status: 400, title: "Bad request" },
  validation_failed: { status: 422, title: "Validation failed" },
  unauthenticated: { status: 401, title: "Unauthenticated" },
  forbidden: { status: 403, title: "Forbidden" },
  /** The account's email address is not verified yet (lib/accounts/verify-email.ts): the UI offers to resend the link. */
  email_unverified: { status: 403, title: "Email not verified" },
  /** A payment unlike the one the customer consented to (RFC 9396 payment_initiation; lib/sandbox/check-consent.ts): the violations name the fields. */
  consent_mismatch: { status: 403, title: "Payment differs from the consent" },
  /** The customer's payment consent allowed one payment and it has been made. */
  consent_used: { status: 403, title: "Consent already used" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  /** A spec import that needs a publisher's decision its overlay does not give: it stays a draft. */
  decision_required: { status: 409, title: "Decision required" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  rate_limited: { status: 429, title: "Too many requests" },
  locked: { status: 423, title: "Locked" },
  internal: { status: 500, title: "Internal error" },
  /** Deliberate push-back (e.g. the request log is behind): retry after Retry-After. */
  unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof PROBLEM_TYPES;

export type Violation = { pointer?: string; line?: number; message: string };

export class PorticoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Itemised problems (bad fields, spec errors), safe to show. */
  readonly violations?: Violation[];
  /** Server-side only; logged, never sent. (The public `message` is the problem's `detail`.) */
  readonly internalDetail?: string;
  readonly headers?: Record<string, string>;
  /** Further members of the problem, safe to show (RFC 9457 §3.2 extension members), e.g. the draft an undecided import was kept as. */
  readonly extensions?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { violations?: Violation[]; internalDetail?: string; headers?: Record<string, string>; extensions?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "PorticoError";
    this.code = code;
    this.status = PROBLEM_TYPES[code].status;
    this.violations = options.violations;
    this.internalDetail = options.internalDetail;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }
}

export const notFound = (what = "Not found") => new PorticoError("not_found", what);
export const forbidden = (why = "You are not allowed to do that") => new PorticoError("forbidden", why);
export const badRequest = (why: string, violations?: Violation[]) => new PorticoError("bad_request", why, { violations });
export const conflict = (why: string) => new PorticoError("conflict", why);
export const unauthenticated = (why = "Sign in first") => new PorticoError("unauthenticated", why);

/** RFC 6901 JSON pointer of a zod issue path ("~" and "/" escaped). */
export const pointerOf = (path: readonly PropertyKey[]) => path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

/**
 * The one way unverified input becomes typed input: parsed with its schema,
 * or refused as 422 validation_failed with one violation per issue, each
 * with its JSON pointer and a message in words (readable-issue.ts).
 * `detail` says what the input was, for the reader.
 */
export function parseInput<S extends z.ZodType>(schema: S, unverified: unknown, detail = "Please correct the highlighted fields"): z.output<S> {
  const parsed = schema.safeParse(unverified, { error: readableIssue });
  if (parsed.success) return parsed.data;
  throw new PorticoError("validation_failed", detail, {
    violations: parsed.error.issues.map((issue) => ({ pointer: pointerOf(issue.path), message: issue.message })),
  });
}

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  violations?: Violation[];
  [extension: string]: unknown;
};

/** RFC 9457 problem details for any thrown value; unknown errors hide their internals. */
export function toProblem(error: unknown): Problem {
  const code: ErrorCode = error instanceof PorticoError ? error.code : "internal";
  const problem: Problem = {
    type: `https://portico.dev/problems/${code}`,
    title: PROBLEM_TYPES[code].title,
    status: PROBLEM_TYPES[code].status,
    detail: error instanceof PorticoError ? error.message : "Something went wrong on our side",
    code,
  };
  if (error instanceof PorticoError && error.violations) problem.violations = error.violations;
  // After the standard members, which an extension never replaces.
  if (error instanceof PorticoError && error.extensions) for (const [k, v] of Object.entries(error.extensions)) if (!(k in problem)) problem[k] = v;
  return problem;
}

/** A Response for Next.js route handlers. */
export function problemResponse(error: unknown): Response {
  if (!(error instanceof PorticoError)) logServerError("portal:", error);
  else if (error.internalDetail) logServerError(`${error.code}: ${error.message} (${error.internalDetail})`);
  const problem = toProblem(error);
  const headers = new Headers({ "content-type": "application/problem+json", "cache-control": "no-store" });
  if (error instanceof PorticoError && error.headers) for (const [k, v] of Object.entries(error.headers)) headers.set(k, v);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}

// One base error for the whole domain: a wire code, a public message that is
// safe to show, and internal detail that never leaves the server. One table
// maps codes to HTTP statuses; route handlers and the gateway render every
// error through toProblem() as RFC 9457 problem+json.

export const STATUS_BY_CODE = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  locked: 423,
  internal: 500,
  /** Deliberate push-back (e.g. the request log is behind): retry after Retry-After. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export type Violation = { pointer?: string; line?: number; message: string };

export class PorticoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Itemised problems (bad fields, spec errors), safe to show. */
  readonly violations?: Violation[];
  /** Server-side only; logged, never sent. */
  readonly detail?: string;
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { violations?: Violation[]; detail?: string; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "PorticoError";
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.violations = options.violations;
    this.detail = options.detail;
    this.headers = options.headers;
  }
}

export const notFound = (what = "Not found") => new PorticoError("not_found", what);
export const forbidden = (why = "You are not allowed to do that") => new PorticoError("forbidden", why);
export const badRequest = (why: string, violations?: Violation[]) => new PorticoError("bad_request", why, { violations });
export const conflict = (why: string) => new PorticoError("conflict", why);
export const unauthenticated = (why = "Sign in first") => new PorticoError("unauthenticated", why);

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
  if (error instanceof PorticoError) {
    return {
      type: `https://portico.dev/problems/${error.code}`,
      title: error.message,
      status: error.status,
      code: error.code,
      ...(error.violations ? { violations: error.violations } : {}),
    };
  }
  return {
    type: "https://portico.dev/problems/internal",
    title: "Something went wrong on our side",
    status: 500,
    code: "internal",
  };
}

/** A Response for Next.js route handlers. */
export function problemResponse(error: unknown): Response {
  if (!(error instanceof PorticoError)) console.error(error);
  const problem = toProblem(error);
  const headers = new Headers({ "content-type": "application/problem+json", "cache-control": "no-store" });
  if (error instanceof PorticoError && error.headers) for (const [k, v] of Object.entries(error.headers)) headers.set(k, v);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}

// Refusals of the sandbox resource server. Each is a PorticoError (so the
// one status table in lib/errors decides the status) plus a precise reason
// for the request log and, where RFC 6750 §3 asks for it, a WWW-Authenticate
// challenge.
import { PorticoError, type ErrorCode, type Violation } from "@/lib/errors";

export type SandboxReason =
  | "invalid_token"
  | "insufficient_scope"
  | "api_not_granted"
  | "account_not_granted"
  | "not_found"
  | "method_not_allowed"
  | "rate_limited"
  | "payload_too_large"
  | "malformed_json"
  | "unsupported_media_type"
  | "invalid_request"
  | "mock_unavailable"
  | "insufficient_funds"
  | "currency_mismatch"
  | "payment_not_pending"
  | "invalid_cursor"
  | "card_not_usable"
  | "currency_not_quoted"
  | "amount_too_large"
  | "application_not_draft"
  | "no_documents"
  | "no_consent"
  | "too_many_documents"
  | "request_log_behind"
  | "unknown_scenario"
  | "bank_error"
  | "invalid_composite"
  | "unknown_reference"
  | "composite_step_failed"
  | "sandbox_busy"
  | "store_full"
  | "consent_mismatch"
  | "consent_used"
  | "consent_lacks_permission";

export class SandboxProblem extends PorticoError {
  constructor(
    code: ErrorCode,
    readonly reason: SandboxReason,
    message: string,
    options: { violations?: Violation[]; headers?: Record<string, string> } = {},
  ) {
    super(code, message, options);
  }
}

/**
 * The one answer for a sandbox path that names no operation the caller may
 * see: an unknown API or version, a restricted API the caller may not see,
 * or a malformed path. Constant — it echoes nothing of the request — so the
 * answers cannot be told apart.
 */
export const noSuchOperation = () => new SandboxProblem("not_found", "not_found", "No sandbox operation at this path: use /sandbox/{api}/{version}/{operation path} as the API's docs show");

const bearer = (params: string) => ({ "www-authenticate": `Bearer realm="portico-sandbox"${params ? `, ${params}` : ""}` });

/** @see RFC 6750 §3.1: no token at all gets a bare challenge, without an error code. */
export const missingToken = () =>
  new SandboxProblem("unauthenticated", "invalid_token", "Send an access token: Authorization: Bearer <token>", { headers: bearer("") });

/** @see RFC 6750 §3.1 invalid_token: expired, revoked, unknown, malformed, or bound to another certificate. */
export const inactiveToken = (why: string) =>
  new SandboxProblem("unauthenticated", "invalid_token", `The access token is not active: ${why}`, {
    headers: bearer(`error="invalid_token", error_description="${why.replace(/"/g, "'")}"`),
  });

/** @see RFC 6750 §3.1 insufficient_scope, with the scope that would do. */
export const insufficientScope = (message: string, scope: string, violations: Violation[]) =>
  new SandboxProblem("forbidden", "insufficient_scope", message, {
    violations,
    headers: bearer(`error="insufficient_scope", scope="${scope}"`),
  });

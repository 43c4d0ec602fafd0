// What a sandbox call may do, decided from the token, the app's grant and
// the operation. Pure functions; the gateway calls them in this order:
// apiVisibleTo (before routing) → checkTokenActive → checkOperationScopes
// → (rate limit, body, validation) → checkAccountSubset.
// Security-critical: every refusal names what is missing, never more, and
// nothing of an API the caller may not see.
import type { Violation } from "@/lib/errors";
import { normaliseParameterName } from "@/lib/errors/redact";
import { valuesAt, type ParameterMark } from "@/lib/openapi/account-marks";
import type { CompiledOperation } from "./compile-operation";
import { inactiveToken, insufficientScope, SandboxProblem } from "./errors";
import { normaliseAccountRef, type AppGrant } from "@/lib/access/load-app-grant";
import type { TokenRecord } from "@/lib/access/access-cache";
import type { ApiRoutes } from "./route-table";

/**
 * Who is asking, for deciding which APIs they may know of: the app of a
 * token the gateway issued, whatever its state (expired, revoked, app
 * suspended — the precise 401 then tells its owner why), unless the token is
 * bound to a certificate this request did not present (RFC 8705 §3: without
 * it the bearer is not the client). Anyone else is anonymous (null).
 */
export function callerGrant(options: { token: TokenRecord | null; grant: AppGrant | null; presentedThumbprint: string | undefined }): AppGrant | null {
  const { token, grant } = options;
  if (!token || !grant) return null;
  if (token.certThumbprint && token.certThumbprint !== options.presentedThumbprint) return null;
  return grant;
}

/**
 * The catalogue's visibility rule (lib/catalog/visible-api-where.ts), applied
 * by the gateway: a registered API is public; a restricted one is known only
 * to an organisation named on it and to an app whose grant includes it. To
 * anyone else it does not exist — the caller answers exactly as for a path
 * that matches nothing (no 401, no 405, no name), so neither its name nor
 * its operations can be enumerated.
 */
export function apiVisibleTo(api: ApiRoutes, caller: AppGrant | null): boolean {
  if (api.visibility === "registered") return true;
  if (!caller) return false;
  return caller.apis.has(api.apiVersionId) || api.organisationIds.has(caller.organisationId);
}

/**
 * The grant a call is judged by: the app's, narrowed for a customer's token
 * (authorization code grant) to the accounts the customer consented to.
 * The token row holds the consented accounts already intersected with the
 * grant at issue; intersecting again here means an account later withdrawn
 * from the app's grant is gone from its customers' tokens too. The token's
 * RFC 9396 consent rides along (./check-consent.ts enforces it).
 */
export function grantForToken(token: TokenRecord | null, grant: AppGrant | null): AppGrant | null {
  if (!grant || !token?.accounts) return grant;
  const consented = token.accounts;
  return { ...grant, accounts: new Set([...grant.accounts].filter((ref) => consented.has(ref))), ...(token.consent ? { consent: token.consent } : {}) };
}

/** @see RFC 8705 §3 for the certificate binding; RFC 6750 §3.1 for invalid_token. */
export function checkTokenActive(options: {
  token: TokenRecord | null;
  grant: AppGrant | null;
  presentedThumbprint: string | undefined;
  nowMs: number;
}): asserts options is { token: TokenRecord; grant: AppGrant; presentedThumbprint: string | undefined; nowMs: number } {
  const { token, grant } = options;
  if (!token) throw inactiveToken("unknown token");
  if (token.revoked) throw inactiveToken("the token was revoked");
  if (token.expiresAtMs <= options.nowMs) throw inactiveToken("the token has expired");
  if (token.certThumbprint && token.certThumbprint !== options.presentedThumbprint) {
    throw inactiveToken("the token is bound to a client certificate that this request did not present");
  }
  if (!grant) throw inactiveToken("unknown app");
  if (grant.inactiveReason) throw inactiveToken(grant.inactiveReason);
}

/** The token's scopes count only as far as the grant in force still allows them for this API. */
export function checkOperationScopes(options: { token: TokenRecord; grant: AppGrant; operation: CompiledOperation }) {
  const { token, grant, operation } = options;
  const approved = grant.apis.get(operation.apiVersionId);
  if (!approved) {
    throw new SandboxProblem("forbidden", "api_not_granted", `The app's grant does not include ${operation.apiTitle} ${operation.version}; ask for it in a change request`);
  }
  const alternatives = operation.scopeAlternatives;
  if (alternatives.length === 0) return;
  const held = (scope: string) => token.scopes.has(scope) && approved.has(scope);
  if (alternatives.some((needed) => needed.every(held))) return;
  const closest = alternatives.reduce((a, b) => (a.filter((s) => !held(s)).length <= b.filter((s) => !held(s)).length ? a : b));
  const missing = closest.filter((s) => !held(s));
  const violations: Violation[] = missing.map((scope) => ({
    message: approved.has(scope)
      ? `scope ${scope} is approved for the app but this token does not carry it; request a token with scope=${scope}`
      : `scope ${scope} is not in the app's grant for ${operation.apiTitle} ${operation.version}`,
  }));
  throw insufficientScope(`The app's grant lacks the scope ${missing.join(" ")} that ${operation.operationId} requires`, closest.join(" "), violations);
}

export function checkAccountSubset(options: {
  grant: AppGrant;
  operation: CompiledOperation;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}) {
  const { grant, operation } = options;
  const violations: Violation[] = [];
  const check = (kind: "id" | "iban", value: string, pointer: string) => {
    if (!grant.accounts.has(normaliseAccountRef(kind, value))) {
      violations.push({ pointer, message: `account ${value} is not among the accounts approved for the app` });
    }
  };
  const queryMarks = new Map<string, ParameterMark>();
  for (const mark of operation.parameterMarks) {
    if (mark.in === "query") {
      queryMarks.set(normaliseParameterName(mark.name), mark);
      continue;
    }
    const raw = mark.in === "path" ? options.params[mark.name] : options.headers[mark.name.toLowerCase()];
    if (raw === undefined) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) check(mark.kind, value, `/${mark.in}/${mark.name}`);
  }
  // Every query parameter whose name is a marked one in disguise (accountId[], ACCOUNTID,
  // account%5Fid, accountId%255B%255D) is checked, and every value of a repeated one: a
  // server behind a sandbox-tested client may read any of these forms as the account.
  if (queryMarks.size) {
    for (const [name, raw] of Object.entries(options.query)) {
      const mark = queryMarks.get(normaliseParameterName(name));
      if (!mark) continue;
      for (const value of Array.isArray(raw) ? raw : [raw]) if (typeof value === "string") check(mark.kind, value, `/query/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  }
  if (options.body !== undefined) {
    for (const mark of operation.bodyMarks) for (const { pointer, value } of valuesAt(options.body, mark.path)) check(mark.kind, value, pointer);
  }
  if (violations.length) {
    throw new SandboxProblem("forbidden", "account_not_granted", "The request names an account outside the app's approved accounts", { violations });
  }
}

// The spec's own security, read as the sandbox will enforce it. Every OAuth
// 2.0 and OpenID Connect scheme counts, whatever its name and flows: the
// bank's docs keep describing production (PSU consent by authorization code,
// say), and the sandbox serves the same scopes by client credentials.
// An operation the spec leaves without a scope — no security, an apiKey or
// http bearer scheme, an empty scope list, or an optional `{}` alternative —
// would be open in the sandbox. It gets a default scope instead, named by the
// documented rule below, which the publisher sees and may change in the
// version's overlay (spec-overlay.ts).
import { scopeAlternatives, type DocumentOperation } from "@/lib/openapi/list-operations";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every scope any OAuth 2.0 flow of the document defines, name → description. */
export function specDefinedScopes(document: OpenApiDocument): Record<string, string> {
  const schemes = isObject(document.components) && isObject(document.components.securitySchemes) ? document.components.securitySchemes : {};
  const scopes: Record<string, string> = {};
  for (const scheme of Object.values(schemes)) {
    if (!isObject(scheme) || scheme.type !== "oauth2" || !isObject(scheme.flows)) continue;
    for (const flow of Object.values(scheme.flows)) {
      if (!isObject(flow) || !isObject(flow.scopes)) continue;
      for (const [name, description] of Object.entries(flow.scopes)) scopes[name] ??= typeof description === "string" ? description : "";
    }
  }
  return scopes;
}

/**
 * The operation's scope alternatives as the spec gives them, or undefined
 * when some way of calling it needs no scope at all (then it takes a default).
 */
export function specScopes(operation: DocumentOperation, schemes: Set<string>): string[][] | undefined {
  const alternatives = scopeAlternatives(operation.security, schemes);
  return alternatives.length && alternatives.every((a) => a.length > 0) ? alternatives : undefined;
}

/** The documented default: `<api>:read` for GET and HEAD, `<api>:write` for every other method. */
export function defaultScope(apiSlug: string, method: string): string {
  return /^(get|head)$/i.test(method) ? `${apiSlug}:read` : `${apiSlug}:write`;
}

export const DEFAULT_SCOPE_DESCRIPTIONS = {
  read: "Read access (Portico's default for GET and HEAD operations the spec gives no scope)",
  write: "Write access (Portico's default for operations other than GET and HEAD the spec gives no scope)",
};


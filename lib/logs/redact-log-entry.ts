// One gateway call as it is queued (raw) and as it is stored (redacted).
// Redaction runs in the request-log thread (request-log-thread.ts), never on
// the gateway's event loop, and always before anything reaches the database.
import { normaliseParameterName, REDACTED, redactPath, redactText, redactValue } from "@/lib/errors/redact";

export type RequestLogEntry = {
  at: Date;
  appId?: string | null;
  organisationId?: string | null;
  apiSlug?: string | null;
  apiVersion?: string | null;
  operationId?: string | null;
  method: string;
  /** The raw path as received; redacted at flush. */
  path: string;
  /** The matched operation's template and its account-marked path parameters, for precise redaction. */
  template?: string;
  sensitiveParams?: string[];
  /** Query parameters the spec marks as account identifiers: redacted by name. */
  sensitiveQueryParams?: string[];
  status: number;
  latencyMs: number;
  errorCode?: string | null;
  /** Excerpt for the developer's logs view (query parameters, Prefer); redacted at flush. */
  detail?: Record<string, unknown>;
  sourceIp?: string | null;
};

export type StoredRequestLog = ReturnType<typeof redactLogEntry>;

/** Account-marked query parameters, by name — also under a disguised name (`accountId[]`, `ACCOUNTID`, `accountId%5B%5D`). */
function redactQueryByName(entry: RequestLogEntry): Record<string, unknown> {
  const detail = entry.detail ?? {};
  const query = detail.query as Record<string, unknown> | undefined;
  if (!query || !entry.sensitiveQueryParams?.length) return detail;
  const marked = new Set(entry.sensitiveQueryParams.map(normaliseParameterName));
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    Object.defineProperty(copy, name, { value: marked.has(normaliseParameterName(name)) ? REDACTED : value, enumerable: true, writable: true, configurable: true });
  }
  return { ...detail, query: copy };
}

/** The row stored for one call: account-marked parameters by name, then sensitive names and shapes (lib/errors/redact.ts). */
export function redactLogEntry(entry: RequestLogEntry) {
  return {
    at: entry.at,
    appId: entry.appId ?? null,
    organisationId: entry.organisationId ?? null,
    apiSlug: entry.apiSlug ?? null,
    apiVersion: entry.apiVersion ?? null,
    operationId: entry.operationId ?? null,
    method: entry.method,
    path: redactPath({ path: entry.path, template: entry.template, sensitiveParams: entry.sensitiveParams }).slice(0, 2000),
    status: entry.status,
    latencyMs: Math.round(entry.latencyMs * 1000) / 1000,
    errorCode: entry.errorCode ?? null,
    detail: JSON.stringify(redactValue(redactQueryByName(entry))).slice(0, 4000),
    sourceIp: entry.sourceIp ? redactText(entry.sourceIp) : null,
  };
}

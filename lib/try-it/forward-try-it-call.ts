// The docs' try-it proxy: the portal calls the sandbox on the developer's
// behalf with a short-lived token of the chosen app, obtained here on the
// server. Only the request line, a JSON body, the headers that shape a
// mock (Content-Type, Accept, Prefer) and an Idempotency-Key are forwarded — never the browser's
// cookies or Authorization. A JSON or problem+json answer comes back as is,
// so a missing scope or account shows the gateway's own explanation.
// Security-critical: the answer is served on the portal's origin, and a
// published spec decides what the mock returns. An example that is
// text/html with a <script> would run with the developer's session, so
// anything that is not JSON is wrapped as JSON text (wrapAnswer), and
// every answer is an inert download (TRY_IT_RESPONSE_HEADERS).
import type { Actor } from "@/lib/authz/actor";
import { assertAllowed } from "@/lib/authz/require-role";
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";
import { issueTryItToken } from "./issue-try-it-token";
import { readStreamUpTo } from "@/lib/errors/read-limited-body";
import { TRY_IT_HEADERS } from "./try-it-operations";

const FORWARDED = ["content-type", "accept", "prefer", ...TRY_IT_HEADERS] as const;
export const MAX_TRY_IT_BODY_BYTES = 256 * 1024;
const SEGMENT = /^[A-Za-z0-9._~-]+$/;
/** The most of a sandbox answer read; sandbox examples are far smaller. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** The most of a non-JSON answer shown, in characters (or bytes, for binary). */
const MAX_WRAPPED_CHARS = 64 * 1024;

/**
 * Sent on every proxy response, answers and refusals alike:
 * - nosniff: no browser second-guesses the JSON type (Fetch standard, X-Content-Type-Options);
 * - attachment: a top-level navigation to the URL downloads instead of rendering (RFC 6266 §4.2);
 * - a CSP that allows nothing and sandboxes the document into an opaque origin,
 *   should anything ever render it (CSP Level 3, `sandbox`);
 * - no-store: the answer may carry sandbox account data (RFC 9111 §5.2.2.5).
 */
export const TRY_IT_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "content-disposition": 'attachment; filename="try-it-response.json"',
  "content-security-policy": "default-src 'none'; sandbox",
  "cache-control": "no-store",
};
/** Names the original media type when the answer was wrapped as JSON. */
export const WRAPPED_HEADER = "x-try-it-wrapped";

export async function forwardTryItCall(options: {
  actor: Actor;
  appId: string;
  apiSlug: string;
  version: string;
  pathSegments: string[];
  method: string;
  search: string;
  headers: Headers;
  unverifiedBody: string | null;
}): Promise<Response> {
  assertAllowed(options.actor, forwardTryItCall.roles);
  const { apiSlug, version } = options;
  if (!SEGMENT.test(apiSlug) || !SEGMENT.test(version)) throw new PorticoError("not_found", "No such API");
  if (options.pathSegments.some((s) => s === "." || s === "..")) throw new PorticoError("not_found", "No such operation");
  if (options.unverifiedBody && options.unverifiedBody.length > MAX_TRY_IT_BODY_BYTES) throw new PorticoError("payload_too_large", `The request body exceeds ${MAX_TRY_IT_BODY_BYTES} bytes`);
  // Re-encode each segment: the target stays under /sandbox/{api}/{version}/ whatever the browser sent.
  const path = options.pathSegments.map((s) => encodeURIComponent(s)).join("/");
  const url = `${config.gatewayUrl}/sandbox/${apiSlug}/${encodeURIComponent(version)}/${path}${options.search}`;
  const headers = new Headers();
  for (const name of FORWARDED) {
    const value = options.headers.get(name);
    if (value) headers.set(name, value);
  }
  const send = async (fresh: boolean) => {
    const { accessToken } = await issueTryItToken({ actor: options.actor, appId: options.appId, fresh });
    headers.set("authorization", `Bearer ${accessToken}`);
    return fetch(url, {
      method: options.method,
      headers,
      body: options.method === "GET" || options.method === "HEAD" ? undefined : (options.unverifiedBody ?? undefined),
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
  };
  let response = await send(false);
  // The cached token may have been revoked on another instance: one retry with a new one.
  if (response.status === 401) {
    await response.body?.cancel();
    response = await send(true);
  }
  const out = new Headers(TRY_IT_RESPONSE_HEADERS);
  // x-portico-sandbox-fallback: why the resource store left the answer to Prism (lib/sandbox/resource-store).
  for (const name of ["retry-after", "www-authenticate", "x-portico-sandbox-fallback"]) {
    const value = response.headers.get(name);
    if (value) out.set(name, value);
  }
  const { bytes, complete } = await readStreamUpTo(response.body, MAX_ANSWER_BYTES);
  // 204/304 and empty answers: nothing to render, and a body is not allowed.
  if (bytes.length === 0) return new Response(null, { status: response.status, headers: out });
  const contentType = response.headers.get("content-type") ?? "";
  const jsonType = jsonMediaType(contentType);
  const text = utf8Text(bytes, complete);
  if (jsonType && complete && text !== null && parsesAsJson(text)) {
    out.set("content-type", jsonType);
    return new Response(text, { status: response.status, headers: out });
  }
  out.set("content-type", "application/json");
  out.set(WRAPPED_HEADER, essence(contentType) || "unknown");
  return new Response(JSON.stringify(wrapAnswer({ status: response.status, contentType, bytes, text, complete })), { status: response.status, headers: out });
}
forwardTryItCall.roles = ["developer"] as const;

/** The media type without parameters, lower-cased (RFC 9110 §8.3.1). */
function essence(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

/** application/problem+json stays itself; application/json and any other +json (RFC 6839 §3.1) become application/json; the rest is not JSON. */
function jsonMediaType(contentType: string): "application/json" | "application/problem+json" | null {
  const type = essence(contentType);
  if (type === "application/problem+json") return type;
  return type === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type) ? "application/json" : null;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The bytes as UTF-8 text, or null when they are not; a cut answer may end inside a character (≤ 3 bytes of it). */
function utf8Text(bytes: Uint8Array, complete: boolean): string | null {
  for (let drop = 0; drop <= (complete ? 0 : 3); drop++) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, bytes.length - drop));
    } catch {
      // not UTF-8 (yet): try without the last byte of a cut answer
    }
  }
  return null;
}

/** C0 controls other than tab, line feed, vertical tab, form feed and carriage return. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x08 || (code >= 0x0e && code <= 0x1f)) return true;
  }
  return false;
}

/**
 * A non-JSON answer as JSON: `{status, contentType, body}` with the text as a
 * string, or `bodyBase64` when it is not text (a PDF, an image), cut to
 * MAX_WRAPPED_CHARS with `truncated: true`. As a JSON string, `<script>` is
 * inert content whatever reads it.
 */
function wrapAnswer(options: { status: number; contentType: string; bytes: Uint8Array; text: string | null; complete: boolean }) {
  const { status, bytes, text } = options;
  const contentType = essence(options.contentType) || null;
  // Valid UTF-8 with C0 controls other than whitespace is binary that happens to decode.
  if (text !== null && !hasBinaryControl(text)) {
    const cut = !options.complete || text.length > MAX_WRAPPED_CHARS;
    return { status, contentType, body: text.slice(0, MAX_WRAPPED_CHARS), ...(cut ? { truncated: true } : {}) };
  }
  const cut = !options.complete || bytes.length > MAX_WRAPPED_CHARS;
  return { status, contentType, bodyBase64: Buffer.from(bytes.subarray(0, MAX_WRAPPED_CHARS)).toString("base64"), ...(cut ? { truncated: true } : {}) };
}

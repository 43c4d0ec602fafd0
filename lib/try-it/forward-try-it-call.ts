// The docs' try-it proxy: the portal calls the sandbox on the developer's
// behalf with a short-lived token of the chosen app, obtained here on the
// server. Only the request line, a JSON body and the headers that shape a
// mock (Content-Type, Accept, Prefer) are forwarded — never the browser's
// cookies or Authorization — and the gateway's answer comes back as is, so
// a missing scope or account shows the gateway's own explanation.
import type { Actor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";
import { issueTryItToken } from "./issue-try-it-token";

const FORWARDED = ["content-type", "accept", "prefer"] as const;
const MAX_BODY = 256 * 1024;
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

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
  const { apiSlug, version } = options;
  if (!SEGMENT.test(apiSlug) || !SEGMENT.test(version)) throw new PorticoError("not_found", "No such API");
  if (options.pathSegments.some((s) => s === "." || s === "..")) throw new PorticoError("not_found", "No such operation");
  if (options.unverifiedBody && options.unverifiedBody.length > MAX_BODY) throw new PorticoError("payload_too_large", `The request body exceeds ${MAX_BODY} bytes`);
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
  if (response.status === 401) response = await send(true);
  const out = new Headers({ "cache-control": "no-store" });
  for (const name of ["content-type", "retry-after", "www-authenticate"]) {
    const value = response.headers.get(name);
    if (value) out.set(name, value);
  }
  return new Response(await response.arrayBuffer(), { status: response.status, headers: out });
}

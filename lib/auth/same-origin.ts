// CSRF defence for the portal's own API (OWASP CSRF Prevention Cheat Sheet,
// "Verifying Origin with standard headers" and "Fetch Metadata"), on top of
// SameSite=Lax session cookies. Security-critical: a state-changing request
// (any method but GET, HEAD, OPTIONS) must show that the portal's own pages
// sent it — its Origin equals the portal's public origin (PORTAL_URL /
// NEXTAUTH_URL), or, where a browser sends no Origin, Sec-Fetch-Site says
// same-origin (or none: typed by the user). A request with neither header is
// refused too: every current browser sends one of them, so only a script
// without a browser's protection would, and it can add Origin itself.
// next-auth's own routes (their CSRF token) and the management API (a
// bearer token, which no browser sends on its own) do not come through here.
import { config } from "@/lib/config";
import { forbidden } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function portalOrigin(): string {
  return new URL(config.portalUrl).origin;
}

/** Throws 403 `forbidden` when a state-changing request may come from another site. */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (origin === portalOrigin()) return;
    throw forbidden("This request did not come from the portal (Origin)");
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return;
  throw forbidden("This request did not come from the portal (no Origin, Sec-Fetch-Site not same-origin)");
}

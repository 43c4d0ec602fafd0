// The security headers of every portal page and route, set per request by
// proxy.ts (a page's nonce changes on every request, so they cannot be
// static). Security-critical: the CSP is what stops an injected <script>
// from running with a signed-in user's session.
//
// Scripts: only those carrying this response's nonce, and what they load
// ('strict-dynamic', CSP Level 3 §8.2) — Next.js puts the nonce on its own
// scripts when it finds it in the request's CSP, and the docs page's
// Elements bundle is added by a nonced script. 'self' is the fallback for
// browsers without 'strict-dynamic'. 'unsafe-eval' only in `next dev`, where
// React rebuilds server error stacks with eval; never in a build.
// Styles: files from our origin, plus Next's nonced <style> elements. Style
// *attributes* are allowed (style-src-attr 'unsafe-inline'): recharts
// server-renders its ResponsiveContainer with style="width:100%;height:100%",
// which React does not re-apply on hydration, so without it every chart
// measures 0×0 and draws nothing (measured in Chromium). An attribute cannot
// load anything (img/font/connect stay 'self'). Stoplight Elements (the docs
// page only) also injects <style> elements without a nonce, so the docs page
// alone allows 'unsafe-inline' for all styles (measured: with the nonce
// Chromium reports "Applying inline style violates … style-src").

export type PageSecurityHeadersOptions = {
  /** Fresh per response, base64 of ≥ 128 random bits (CSP Level 3 §6.1.5). */
  nonce: string;
  /** The request path: decides the API and docs variants. */
  pathname: string;
  /** The portal is reached over HTTPS (its public URL is https://, or TLS reached us). */
  https: boolean;
  /** `next dev`: allows eval for React's dev tooling. */
  development?: boolean;
};

/**
 * RFC 6797 HSTS, two years with subdomains (the preload minimum), for every
 * HTTPS answer of the portal and of the gateway when it terminates TLS.
 */
export const HSTS = "max-age=63072000; includeSubDomains";

/** Stoplight Elements renders on `/apis/{slug}/{version}/docs` only. */
const DOCS_PAGE = /^\/apis\/[^/]+\/[^/]+\/docs\/?$/;

const join = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join("; ");

export function pageSecurityHeaders(options: PageSecurityHeadersOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    // Legacy twin of frame-ancestors 'none' for browsers without CSP 2.
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
  };
  // RFC 6797 §7.2: never over plain HTTP (the demo and dev serve http://).
  if (options.https) headers["strict-transport-security"] = HSTS;

  if (options.pathname.startsWith("/api/")) {
    // JSON routes render nothing: a document that somehow displays one may do nothing at all.
    headers["content-security-policy"] = join({ "default-src": "'none'", "frame-ancestors": "'none'", "base-uri": "'none'", "form-action": "'none'" });
    return headers;
  }
  const nonce = `'nonce-${options.nonce}'`;
  headers["content-security-policy"] = join({
    "default-src": "'self'",
    "script-src": `'self' ${nonce} 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src": DOCS_PAGE.test(options.pathname) ? "'self' 'unsafe-inline'" : `'self' ${nonce}`,
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
  });
  return headers;
}

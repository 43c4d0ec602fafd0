import { describe, expect, it } from "vitest";
import { pageSecurityHeaders } from "./page-security-headers";

const nonce = "bm9uY2Utbm9uY2Utbm9uY2U=";
/** The CSP as a map of directive → value. */
const csp = (headers: Record<string, string>) =>
  Object.fromEntries(headers["content-security-policy"]!.split("; ").map((d) => [d.split(" ")[0]!, d.slice(d.indexOf(" ") + 1)]));

describe("the security headers of portal pages and routes", () => {
  it("gives pages a nonce-based strict CSP with no unsafe-inline scripts or eval", () => {
    const policy = csp(pageSecurityHeaders({ nonce, pathname: "/dashboard", https: false }));
    expect(policy).toEqual({
      "default-src": "'self'",
      "script-src": `'self' 'nonce-${nonce}' 'strict-dynamic'`,
      "style-src": `'self' 'nonce-${nonce}'`,
      "style-src-attr": "'unsafe-inline'",
      "img-src": "'self' data: blob:",
      "font-src": "'self' data:",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'none'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
  });

  it("allows inline styles on the docs page only, for Stoplight Elements, and never inline scripts", () => {
    const docs = csp(pageSecurityHeaders({ nonce, pathname: "/apis/accounts/2.1.0/docs", https: false }));
    expect(docs["style-src"]).toBe("'self' 'unsafe-inline'");
    expect(docs["script-src"]).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp(pageSecurityHeaders({ nonce, pathname: "/apis/accounts/2.1.0", https: false }))["style-src"]).toBe(`'self' 'nonce-${nonce}'`);
    expect(csp(pageSecurityHeaders({ nonce, pathname: "/apis/accounts/2.1.0/docs/x", https: false }))["style-src"]).toBe(`'self' 'nonce-${nonce}'`);
  });

  it("allows eval only in next dev", () => {
    expect(csp(pageSecurityHeaders({ nonce, pathname: "/", https: false, development: true }))["script-src"]).toContain("'unsafe-eval'");
    expect(pageSecurityHeaders({ nonce, pathname: "/", https: true })["content-security-policy"]).not.toContain("unsafe-eval");
  });

  it("gives JSON routes a policy that allows nothing", () => {
    expect(pageSecurityHeaders({ nonce, pathname: "/api/apps", https: false })["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  it("sends HSTS over HTTPS only, and the other headers always", () => {
    const plain = pageSecurityHeaders({ nonce, pathname: "/", https: false });
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(pageSecurityHeaders({ nonce, pathname: "/", https: true })["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(plain).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "permissions-policy": expect.stringContaining("camera=()"),
    });
  });
});

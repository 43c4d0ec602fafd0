// Next.js proxy (formerly middleware): every portal page and route gets its
// security headers here, pages a fresh CSP nonce per request, which Next.js
// reads back from the request's Content-Security-Policy header and puts on
// its scripts. The try-it proxy sets its own stricter headers
// (lib/try-it/forward-try-it-call.ts).
import { NextResponse, type NextRequest } from "next/server";
import { config as portico } from "@/lib/config";
import { pageSecurityHeaders } from "@/lib/security-headers/page-security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const headers = pageSecurityHeaders({
    nonce,
    pathname: request.nextUrl.pathname,
    // The operator's public URL says whether browsers reach us over TLS (a
    // TLS-terminating proxy in front); X-Forwarded-Proto is not trusted.
    https: portico.portalUrl.startsWith("https://") || request.nextUrl.protocol === "https:",
    development: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Build assets need no policy; the try-it route sets its own headers.
    "/((?!_next/static|_next/image|favicon.ico|api/try/).*)",
  ],
};

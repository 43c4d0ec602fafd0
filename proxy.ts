// Next.js proxy (formerly middleware): every portal page and route gets its
// security headers here, pages a fresh CSP nonce per request, which Next.js
// reads back from the request's Content-Security-Policy header and puts on
// its scripts. The try-it proxy sets its own stricter headers
// (lib/try-it/forward-try-it-call.ts).
import { NextResponse, type NextRequest } from "next/server";
import { config as portico } from "@/lib/config";
import { pageSecurityHeaders } from "@/lib/security-headers/page-security-headers";
import { declaredBodyLimit } from "@/lib/auth/body-limits";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/safe-next-path";
import { problemResponse } from "@/lib/errors";
import { bodyTooLarge } from "@/lib/errors/read-limited-body";

export function proxy(request: NextRequest) {
  // A declared body larger than the path accepts is refused before any handler
  // (or next-auth, which reads the sign-in body whole) touches it. Chunked
  // bodies declare nothing: the handlers count those while reading.
  const declared = request.headers.get("content-length");
  if (declared !== null && request.nextUrl.pathname.startsWith("/api/")) {
    const limit = declaredBodyLimit(request.nextUrl.pathname);
    if (Number(declared) > limit) return problemResponse(bodyTooLarge(limit));
  }
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
  // The page asked for, so a signed-out visitor comes back to it after sign-in
  // (lib/auth/current-user.ts requirePageUser). Always set here, never taken from the client.
  requestHeaders.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
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

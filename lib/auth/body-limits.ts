// Body limits of the routes anyone can call without a session, and the
// ceiling proxy.ts applies to a declared Content-Length before any route
// handler runs. Each route handler still counts its body while it streams
// (lib/errors/read-limited-body.ts): a chunked body declares nothing.
import { config } from "@/lib/config";

/** next-auth's sign-in callback: an email, a password, a CSRF token and a callback URL. */
export const SIGN_IN_BODY_BYTES = 16 * 1024;
/** Sign-up: an email, a name, a password, an organisation name. */
export const SIGN_UP_BODY_BYTES = 16 * 1024;
/** The account links' forms (verify, request a reset, set a new password): a token, an email, a password. */
export const ACCOUNT_FORM_BODY_BYTES = 8 * 1024;
/** Multipart framing around an uploaded spec file; generous, it only guards memory. */
export const MULTIPART_SLACK_BYTES = 64 * 1024;

/** The largest body a portal path may declare: the anonymous forms' own limit, else the largest route limit (a spec upload). */
export function declaredBodyLimit(pathname: string): number {
  if (pathname.startsWith("/api/auth/")) return SIGN_IN_BODY_BYTES;
  if (pathname === "/api/signup") return SIGN_UP_BODY_BYTES;
  if (pathname.startsWith("/api/account/")) return ACCOUNT_FORM_BODY_BYTES;
  return config.maxSpecBytes + MULTIPART_SLACK_BYTES;
}

// The sandbox customer's access dashboard, served by the gateway in the
// style of the authorization pages (./authorize-pages.ts: plain HTML, no
// script, the same CSP and headers):
//   GET  /sandbox-bank/access          → sign-in form, or the connected apps
//   POST /sandbox-bank/access/sign-in  → 303 to the dashboard with a session cookie
//   POST /sandbox-bank/access/revoke   → the app's tokens for this customer revoked
//   POST /sandbox-bank/access/sign-out → session ended
// Security: the session cookie (15 min) and the CSRF cookie are HttpOnly,
// SameSite=Strict and scoped to this path; the session is stored only as a
// hash; every form carries a CSRF token (sign-in: double submit against the
// cookie; signed in: the session's own token, checked against its hash).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { requestClientIp } from "@/lib/client-ip/client-ip";
import { AuthorizationPageError } from "@/lib/oauth/authorization-page-error";
import { endCustomerSession } from "@/lib/oauth/end-customer-session";
import { findCustomerSession, type CustomerSession } from "@/lib/oauth/find-customer-session";
import { listCustomerConnections } from "@/lib/oauth/list-customer-connections";
import { revokeCustomerConnection } from "@/lib/oauth/revoke-customer-connection";
import { SANDBOX_CUSTOMER_PASSWORD } from "@/lib/oauth/sandbox-customer-password";
import { CUSTOMER_SESSION_SECONDS, startCustomerSession } from "@/lib/oauth/start-customer-session";
import { escape, page, readForm, send, sendError } from "./authorize-pages";
import type { OAuthContext } from "./oauth-routes";

export const ACCESS_PATH = "/sandbox-bank/access";
export const ACCESS_SIGN_IN_PATH = `${ACCESS_PATH}/sign-in`;
export const ACCESS_REVOKE_PATH = `${ACCESS_PATH}/revoke`;
export const ACCESS_SIGN_OUT_PATH = `${ACCESS_PATH}/sign-out`;
const SESSION_COOKIE = "portico_access";
const CSRF_COOKIE = "portico_access_csrf";

function cookie(ctx: OAuthContext, name: string, value: string, maxAgeSeconds: number) {
  const secure = ctx.issuer.startsWith("https:") ? "; Secure" : "";
  return `${name}=${value}; Path=${ACCESS_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const csrfField = (csrf: string) => `<input type="hidden" name="csrf" value="${escape(csrf)}">`;
const dateTime = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

function signInPage(v: { csrf: string; message?: string; loginId?: string }) {
  return page(
    "Your connected apps",
    `<h1>Your connected apps</h1><p class="note">Sign in to the sandbox bank to see which apps can access your accounts, and to revoke them.</p>
${v.message ? `<p class="error" role="alert">${escape(v.message)}</p>` : ""}
<form method="post" action="${ACCESS_SIGN_IN_PATH}">${csrfField(v.csrf)}
<label for="login_id">Login id</label><input type="text" id="login_id" name="login_id" autocomplete="username" required value="${escape(v.loginId ?? "")}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
<p class="note">Sandbox only: sign in as one of your organisation's sandbox customers (login id <code>cus_…</code>, password <code>${escape(SANDBOX_CUSTOMER_PASSWORD)}</code>).</p>`,
  );
}

async function dashboardPage(ctx: OAuthContext, session: CustomerSession, csrf: string, notice?: string) {
  const connections = await listCustomerConnections({ db: ctx.db, session, loadGrant: (appId) => ctx.cache.grant(appId) });
  const items = connections
    .map((c) => {
      const scopes = c.scopes.map((s) => `<li>${escape(s.description)} <span class="muted">(${escape(s.scope)})</span></li>`).join("");
      const accounts = c.accounts.map((a) => `<li>${escape(a.name)} <span class="muted">· ending ${escape(a.ibanEnd)}</span></li>`).join("") || '<li class="muted">No accounts</li>';
      return `<fieldset><legend><strong>${escape(c.appName)}</strong> by ${escape(c.organisationName)}</legend>
<p>It may:</p><ul>${scopes}</ul><p>On these accounts:</p><ul>${accounts}</ul>
<p class="note">Allowed ${escape(dateTime(c.grantedAt))} · until ${escape(dateTime(c.until))}</p>
<form method="post" action="${ACCESS_REVOKE_PATH}">${csrfField(csrf)}<input type="hidden" name="app_id" value="${escape(c.appId)}"><button type="submit" aria-label="Revoke ${escape(c.appName)}">Revoke</button></form></fieldset>`;
    })
    .join("");
  return page(
    "Your connected apps",
    `<h1>Your connected apps</h1><p class="note">Signed in as ${escape(session.customerName)} (${escape(session.customerRef)}).</p>
${notice ? `<p class="note" role="status">${escape(notice)}</p>` : ""}
${items || '<p class="muted">No app can access your accounts.</p>'}
<form method="post" action="${ACCESS_SIGN_OUT_PATH}">${csrfField(csrf)}<button type="submit" class="secondary">Sign out</button></form>`,
  );
}

/** The signed-in customer of a form post (CSRF checked); none: the sign-in form again. */
async function postedSession(ctx: OAuthContext, req: IncomingMessage) {
  const form = await readForm(req);
  const csrf = form.get("csrf") ?? undefined;
  const session = await findCustomerSession({ db: ctx.db, sessionToken: readCookie(req, SESSION_COOKIE), csrf: { field: csrf } });
  return { form, csrf: csrf!, session };
}

function signInAgain(ctx: OAuthContext, res: ServerResponse, status: number, message?: string) {
  const csrf = randomBytes(32).toString("base64url");
  send(res, status, signInPage({ csrf, message }), { cookie: [cookie(ctx, CSRF_COOKIE, csrf, 600), cookie(ctx, SESSION_COOKIE, "", 0)] });
}

export async function accessRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const session = await findCustomerSession({ db: ctx.db, sessionToken: readCookie(req, SESSION_COOKIE) });
    const csrf = readCookie(req, CSRF_COOKIE);
    if (!session || !csrf) return signInAgain(ctx, res, 200);
    send(res, 200, await dashboardPage(ctx, session, csrf));
  } catch (error) {
    sendError(res, error);
  }
}

export async function accessSignInRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const form = await readForm(req);
    const field = form.get("csrf");
    if (!field || field !== readCookie(req, CSRF_COOKIE)) throw new AuthorizationPageError("This form has expired or was not sent from your access page: open the page again.");
    const started = await startCustomerSession({ db: ctx.db, unverifiedLoginId: form.get("login_id") ?? undefined, unverifiedPassword: form.get("password") ?? undefined, ip: requestClientIp(req, ctx.trustedProxies) });
    if (!started.signedIn) return send(res, 401, signInPage({ csrf: field, message: started.message, loginId: form.get("login_id") ?? "" }));
    res
      .writeHead(303, {
        location: ACCESS_PATH,
        "cache-control": "no-store",
        "content-length": "0",
        "set-cookie": [cookie(ctx, SESSION_COOKIE, started.sessionToken, CUSTOMER_SESSION_SECONDS), cookie(ctx, CSRF_COOKIE, started.csrfToken, CUSTOMER_SESSION_SECONDS)],
      })
      .end();
  } catch (error) {
    sendError(res, error);
  }
}

export async function accessRevokeRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const { form, csrf, session } = await postedSession(ctx, req);
    if (!session) return signInAgain(ctx, res, 401, "Your session has ended: sign in again.");
    const appId = form.get("app_id") ?? undefined;
    const revoked = await revokeCustomerConnection({ db: ctx.db, session, unverifiedAppId: appId, ip: requestClientIp(req, ctx.trustedProxies) });
    send(res, 200, await dashboardPage(ctx, session, csrf, `${revoked.appName} can no longer access your accounts.`));
  } catch (error) {
    sendError(res, error);
  }
}

export async function accessSignOutRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const { session } = await postedSession(ctx, req);
    if (session) await endCustomerSession({ db: ctx.db, session, sessionToken: readCookie(req, SESSION_COOKIE)!, ip: requestClientIp(req, ctx.trustedProxies) });
    signInAgain(ctx, res, 200, undefined);
  } catch (error) {
    sendError(res, error);
  }
}

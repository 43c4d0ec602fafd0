// The sandbox bank's own pages in the authorization code flow: sign-in and
// consent, plain server-rendered HTML (no script), served by the gateway.
//   GET  /oauth2/authorize?client_id&request_uri → sign-in form (sets the CSRF cookie)
//   POST /oauth2/authorize/sign-in               → consent form, or sign-in again with a message
//   POST /oauth2/authorize/decide                → 303 to the app's redirect URI (code or access_denied)
// Each step is one lib/oauth call; this file parses the form and renders.
// The customer's access dashboard (./customer-dashboard.ts) reuses its page,
// headers, form reading and error page.
// Security: CSP default-src 'none' with the one stylesheet allowed by hash,
// no framing, no referrer; the CSRF token is in a cookie (HttpOnly,
// SameSite=Strict) and in the form, bound to the request's row.
// @see RFC 9126 §4, RFC 6749 §4.1.2, §10.12 (CSRF), RFC 9700 §4.7
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { requestClientIp } from "@/lib/client-ip/client-ip";
import { logServerError } from "@/lib/errors/redact";
import { AuthorizationPageError } from "@/lib/oauth/authorization-page-error";
import { decideAuthorizationRequest } from "@/lib/oauth/decide-authorization-request";
import { openAuthorizationRequest } from "@/lib/oauth/open-authorization-request";
import { signInSandboxCustomer, type ConsentView } from "@/lib/oauth/sign-in-sandbox-customer";
import { SANDBOX_CUSTOMER_PASSWORD } from "@/lib/oauth/sandbox-customer-password";
import { parseQuery, readBody } from "./http";
import type { OAuthContext } from "./oauth-routes";

export const SIGN_IN_PATH = "/oauth2/authorize/sign-in";
export const DECIDE_PATH = "/oauth2/authorize/decide";
const COOKIE = "portico_authz";
const MAX_FORM_BYTES = 16 * 1024;

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1f2430}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px #0002}
@media(max-width:30rem){main{margin:0;border-radius:0;box-shadow:none}}
h1{font-size:1.3rem;margin:0 0 .25rem}.note{color:#555;font-size:.9rem}.error{color:#a11;background:#fdecec;padding:.5rem .75rem;border-radius:.25rem}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #999;border-radius:.25rem}
fieldset{border:1px solid #ccd;border-radius:.25rem;margin:1rem 0}fieldset label{font-weight:400;margin:.4rem 0}.muted{color:#777}
button{font:inherit;padding:.55rem 1.1rem;margin:1rem .5rem 0 0;border-radius:.25rem;border:1px solid #1f4fd1;background:#1f4fd1;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f4fd1}ul{padding-left:1.2rem}code{background:#eef;padding:0 .2rem}`;
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

export const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** Chrome applies form-action to the redirect after a form post too: the consent page allows the app's redirect URI's origin. */
export function send(res: ServerResponse, status: number, html: string, options: { formTarget?: string; cookie?: string | string[] } = {}) {
  const formAction = ["'self'", ...(options.formTarget ? [new URL(options.formTarget).origin] : [])].join(" ");
  const headers: Record<string, string | string[]> = {
    "content-type": "text/html; charset=utf-8",
    "content-length": String(Buffer.byteLength(html)),
    "cache-control": "no-store",
    pragma: "no-cache",
    "content-security-policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
  if (options.cookie) headers["set-cookie"] = options.cookie;
  res.writeHead(status, headers).end(html);
}

function hidden(requestUri: string, csrf: string) {
  return `<input type="hidden" name="request_uri" value="${escape(requestUri)}"><input type="hidden" name="csrf" value="${escape(csrf)}">`;
}

function signInPage(v: { appName: string; organisationName: string; requestUri: string; csrf: string; message?: string; loginId?: string }) {
  return page(
    "Sign in to the sandbox bank",
    `<h1>Sign in to the sandbox bank</h1><p class="note"><strong>${escape(v.appName)}</strong> by ${escape(v.organisationName)} asks to access your accounts.</p>
${v.message ? `<p class="error" role="alert">${escape(v.message)}</p>` : ""}
<form method="post" action="${SIGN_IN_PATH}">${hidden(v.requestUri, v.csrf)}
<label for="login_id">Login id</label><input type="text" id="login_id" name="login_id" autocomplete="username" required value="${escape(v.loginId ?? "")}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
<p class="note">Sandbox only: sign in as one of your organisation's sandbox customers (login id <code>cus_…</code> from the app page's Customer consent card in the portal, password <code>${escape(SANDBOX_CUSTOMER_PASSWORD)}</code>).</p>`,
  );
}

function consentPage(v: ConsentView & { requestUri: string; csrf: string; message?: string }) {
  const scopes = v.scopes.map((s) => `<li>${escape(s.description)} <span class="muted">(${escape(s.scope)})</span></li>`).join("");
  const accounts = v.accounts
    .map((a) =>
      a.grantable
        ? `<label><input type="checkbox" name="account" value="${escape(a.accountId)}"> ${escape(a.name)} · ${escape(a.iban)} · ${escape(a.currency)}</label>`
        : `<label class="muted"><input type="checkbox" disabled> ${escape(a.name)} · ${escape(a.iban)} (not available to this app)</label>`,
    )
    .join("");
  // RFC 9396: what exactly is asked, in words; a payment's debtor is the customer's choice among the accounts in its currency.
  const permissionWords: Record<string, string> = { accounts: "see the account's name and number", balances: "see its balances", transactions: "see its transactions", payments: "see its payments" };
  const access = v.accountAccess
    ? `<p>It asks to ${escape(v.accountAccess.permissions.map((p) => permissionWords[p] ?? p).join(", "))}${v.accountAccess.accounts ? ` (only ${escape(v.accountAccess.accounts.join(", "))})` : ""}.</p>`
    : "";
  const debtors = v.payment ? v.accounts.filter((a) => a.grantable && a.currency === v.payment!.currency) : [];
  const payment = v.payment
    ? `<p>It asks to make <strong>one payment</strong>:</p><ul><li>Amount: <strong>${escape(v.payment.amount)} ${escape(v.payment.currency)}</strong></li><li>To: ${escape(v.payment.creditorName)} · ${escape(v.payment.creditorIban)}</li>${v.payment.reference ? `<li>Reference: ${escape(v.payment.reference)}</li>` : ""}</ul>
<fieldset><legend>Pay from</legend>${debtors.map((a) => `<label><input type="radio" name="debtor" value="${escape(a.accountId)}" required> ${escape(a.name)} · ${escape(a.iban)}</label>`).join("") || `<p class="muted">You have no ${escape(v.payment.currency)} account this app may use.</p>`}</fieldset>`
    : "";
  return page(
    `Allow ${v.appName}?`,
    `<h1>Allow ${escape(v.appName)}?</h1><p class="note">Signed in as ${escape(v.customerName)}. ${escape(v.appName)} is an app by ${escape(v.organisationName)}.</p>
${v.message ? `<p class="error" role="alert">${escape(v.message)}</p>` : ""}
<form method="post" action="${DECIDE_PATH}">${hidden(v.requestUri, v.csrf)}
<p>It asks to:</p><ul>${scopes}</ul>${payment}${access}
${v.payment && !v.accountAccess ? "" : `<fieldset><legend>On these accounts</legend>${accounts || '<p class="muted">You have no accounts.</p>'}</fieldset>`}
<p class="note">You will return to ${escape(new URL(v.redirectUri).origin)}.</p>
<button type="submit" name="decision" value="approve">Allow</button><button type="submit" name="decision" value="deny" class="secondary">Deny</button></form>`,
  );
}

function readCookie(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new AuthorizationPageError("Send the form from the sign-in page.");
  return new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString("utf8"));
}

export function sendError(res: ServerResponse, error: unknown) {
  if (!(error instanceof AuthorizationPageError)) logServerError("authorize:", error);
  const message = error instanceof AuthorizationPageError ? error.message : "Something went wrong: start again from the app.";
  send(res, error instanceof AuthorizationPageError ? 400 : 500, page("Cannot continue", `<h1>Cannot continue</h1><p class="error" role="alert">${escape(message)}</p>`));
}

const csrfOf = (req: IncomingMessage, form: URLSearchParams) => ({ field: form.get("csrf") ?? undefined, cookie: readCookie(req) });

/** @see RFC 9126 §4: GET with client_id and request_uri only. */
export async function authorizeRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse, search: string) {
  try {
    const opened = await openAuthorizationRequest({ db: ctx.db, unverifiedQuery: parseQuery(search) });
    const secure = ctx.issuer.startsWith("https:") ? "; Secure" : "";
    const cookie = `${COOKIE}=${opened.csrfToken}; Path=/oauth2/authorize; HttpOnly; SameSite=Strict; Max-Age=600${secure}`;
    send(res, 200, signInPage({ ...opened, csrf: opened.csrfToken }), { cookie });
  } catch (error) {
    sendError(res, error);
  }
}

export async function signInRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const form = await readForm(req);
    const requestUri = form.get("request_uri") ?? undefined;
    const csrf = csrfOf(req, form);
    const result = await signInSandboxCustomer({
      db: ctx.db,
      requestUri,
      csrf,
      unverifiedLoginId: form.get("login_id") ?? undefined,
      unverifiedPassword: form.get("password") ?? undefined,
      loadGrant: (appId) => ctx.cache.grant(appId),
    });
    if (result.signedIn) return send(res, 200, consentPage({ ...result.consent, requestUri: requestUri!, csrf: csrf.field! }), { formTarget: result.consent.redirectUri });
    send(res, 401, signInPage({ appName: result.appName, organisationName: result.organisationName, requestUri: requestUri!, csrf: csrf.field!, message: result.message, loginId: form.get("login_id") ?? "" }));
  } catch (error) {
    sendError(res, error);
  }
}

export async function decideRoute(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse) {
  try {
    const form = await readForm(req);
    const requestUri = form.get("request_uri") ?? undefined;
    const csrf = csrfOf(req, form);
    const result = await decideAuthorizationRequest({
      db: ctx.db,
      issuer: ctx.issuer,
      requestUri,
      csrf,
      unverifiedDecision: form.get("decision") ?? undefined,
      unverifiedAccountIds: form.getAll("account"),
      unverifiedDebtorAccountId: form.get("debtor") ?? undefined,
      loadGrant: (appId) => ctx.cache.grant(appId),
      ip: requestClientIp(req, ctx.trustedProxies),
    });
    if (result.redirectTo === undefined) {
      return send(res, 400, consentPage({ ...result.consent, requestUri: requestUri!, csrf: csrf.field!, message: result.message }), { formTarget: result.consent.redirectUri });
    }
    // RFC 9700 §4.11: 303, so the browser does not re-post the form to the client.
    res.writeHead(303, { location: result.redirectTo, "cache-control": "no-store", "content-length": "0", "set-cookie": `${COOKIE}=; Path=/oauth2/authorize; HttpOnly; SameSite=Strict; Max-Age=0` }).end();
  } catch (error) {
    sendError(res, error);
  }
}

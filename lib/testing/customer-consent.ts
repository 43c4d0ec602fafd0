// A sandbox customer's consent and access dashboard driven over HTTP with
// plain fetch, as a browser would (cookies, hidden CSRF fields, form posts):
// for benchmarks and process-level tests that need authorization-code
// tokens. The protocol itself is tested with oauth4webapi
// (gateway/authorization-code.test.ts, gateway/customer-dashboard.test.ts).
import { createHash, randomBytes } from "node:crypto";

const field = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1]?.replace(/&amp;/g, "&") ?? "";
const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("="));

async function form(url: string, fields: Record<string, string | string[]>, headers: Record<string, string>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: body.toString() });
}

/** PAR → sign-in → consent (one account) → code → tokens; throws at the first step that does not answer as it should. */
export async function consentAndToken(options: { gatewayUrl: string; clientId: string; clientSecret: string; redirectUri: string; customerRef: string; password: string; accountId: string; scope: string }) {
  const { gatewayUrl: base } = options;
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString("base64")}`;
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const par = await form(`${base}/oauth2/par`, { response_type: "code", redirect_uri: options.redirectUri, scope: options.scope, code_challenge: challenge, code_challenge_method: "S256" }, { authorization: basic });
  if (par.status !== 201) throw new Error(`PAR answered ${par.status}: ${await par.text()}`);
  const { request_uri } = (await par.json()) as { request_uri: string };
  const opened = await fetch(`${base}/oauth2/authorize?${new URLSearchParams({ client_id: options.clientId, request_uri })}`);
  const cookie = cookieOf(opened).join("; ");
  const csrf = field(await opened.text(), "csrf");
  const signedIn = await form(`${base}/oauth2/authorize/sign-in`, { request_uri, csrf, login_id: options.customerRef, password: options.password }, { cookie });
  if (signedIn.status !== 200) throw new Error(`sign-in answered ${signedIn.status}`);
  await signedIn.arrayBuffer();
  const decided = await form(`${base}/oauth2/authorize/decide`, { request_uri, csrf, decision: "approve", account: options.accountId }, { cookie });
  const code = new URL(decided.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (decided.status !== 303 || !code) throw new Error(`consent answered ${decided.status}`);
  const token = await form(`${base}/oauth2/token`, { grant_type: "authorization_code", code, redirect_uri: options.redirectUri, code_verifier: verifier }, { authorization: basic });
  if (token.status !== 200) throw new Error(`token endpoint answered ${token.status}: ${await token.text()}`);
  const body = (await token.json()) as { access_token: string; refresh_token: string };
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

/** Signs a customer in on the access dashboard; returns what a browser keeps for its forms. */
export async function signInAccessDashboard(options: { gatewayUrl: string; customerRef: string; password: string }) {
  const opened = await fetch(`${options.gatewayUrl}/sandbox-bank/access`);
  const csrfCookie = cookieOf(opened).join("; ");
  const csrf = field(await opened.text(), "csrf");
  const signedIn = await form(`${options.gatewayUrl}/sandbox-bank/access/sign-in`, { csrf, login_id: options.customerRef, password: options.password }, { cookie: csrfCookie });
  if (signedIn.status !== 303) throw new Error(`dashboard sign-in answered ${signedIn.status}`);
  const cookie = cookieOf(signedIn).join("; ");
  const page = await (await fetch(`${options.gatewayUrl}/sandbox-bank/access`, { headers: { cookie } })).text();
  return { cookie, csrf: field(page, "csrf") };
}

/** Revokes an app on the dashboard of a signed-in customer; throws unless it answers 200. */
export async function revokeOnAccessDashboard(options: { gatewayUrl: string; session: { cookie: string; csrf: string }; appId: string }) {
  const res = await form(`${options.gatewayUrl}/sandbox-bank/access/revoke`, { csrf: options.session.csrf, app_id: options.appId }, { cookie: options.session.cookie });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`dashboard revoke answered ${res.status}`);
}

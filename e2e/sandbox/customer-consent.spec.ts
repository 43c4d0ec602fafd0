// A sandbox customer's consent in Chromium: the developer's app pushes an
// authorization request (PAR + PKCE, oauth4webapi unmodified), the customer
// signs in on the sandbox bank's page with the test credentials the app page
// shows, ticks one account and allows; the app redeems the code and its
// sandbox calls see only that account.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import * as oauth from "oauth4webapi";
import { gatewayUrl } from "../support/suite-database";
import { DEMO, demoPage } from "../support/users";

const insecure = { [oauth.allowInsecureRequests]: true } as const;

async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${test.info().outputDir}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${test.info().outputDir}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The app's redirect URI: a loopback listener that records where the browser came back to (page.route does not see redirects). */
async function startCallbackListener() {
  let callback: URL | undefined;
  let origin = "";
  const server = http.createServer((req, res) => {
    callback = new URL(req.url ?? "/", origin);
    res.writeHead(200, { "content-type": "text/html" }).end("<p>back at the app</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { redirectUri: `${origin}/consent-callback`, received: () => callback, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("a sandbox customer signs in, picks one account and allows; the app then sees only that account", async ({ browser }) => {
  const listener = await startCallbackListener();
  const REDIRECT_URI = listener.redirectUri;
  const dev = await demoPage(browser, DEMO.developer);
  const apps = (await (await dev.request.get("/api/apps")).json()) as { id: string; name: string }[];
  const appId = apps.find((a) => a.name === "Quick start (sandbox)")!.id;
  const saved = await dev.request.patch(`/api/apps/${appId}`, { data: { redirectUris: [REDIRECT_URI] } });
  expect(saved.status(), await saved.text()).toBe(200);
  const issued = await dev.request.post(`/api/apps/${appId}/secrets`);
  expect(issued.status(), await issued.text()).toBe(201);
  const { clientId, clientSecret } = (await issued.json()) as { clientId: string; clientSecret: string };

  // The app page shows the redirect URI and the test customers' credentials.
  await dev.goto(`/apps/${appId}`);
  const card = dev.getByRole("heading", { name: "Customer consent" }).locator("..");
  await expect(card).toContainText(REDIRECT_URI);
  const password = (await dev.getByTestId("sandbox-customer-password").textContent())!;
  const loginId = (await dev.getByTestId("sandbox-customer-logins").locator("li .font-mono").first().textContent())!.trim();
  expect(loginId).toMatch(/^cus_/);
  await card.screenshot({ path: `${test.info().outputDir}/app-page-customer-consent-card.png` });

  // The app pushes the request (RFC 9126) with PKCE.
  const issuer = new URL(gatewayUrl);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
  const client = { client_id: clientId };
  const auth = oauth.ClientSecretBasic(clientSecret);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const pushed = await oauth.processPushedAuthorizationResponse(
    as,
    client,
    await oauth.pushedAuthorizationRequest(as, client, auth, { response_type: "code", redirect_uri: REDIRECT_URI, scope: "accounts:read", state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256" }, insecure),
  );

  // The customer's browser: sign-in, consent, back to the app (intercepted: nothing needs to listen on the port).
  const customer = await browser.newPage();
  await customer.goto(`${as.authorization_endpoint}?${new URLSearchParams({ client_id: clientId, request_uri: pushed.request_uri })}`);
  await expect(customer.getByRole("heading", { name: "Sign in to the sandbox bank" })).toBeVisible();
  await customer.getByLabel("Login id").fill(loginId);
  await customer.getByLabel("Password").fill(password);
  await shoot(customer, "customer-sign-in");
  await customer.getByRole("button", { name: "Sign in" }).click();
  await expect(customer.getByRole("heading", { name: "Allow Quick start (sandbox)?" })).toBeVisible();
  const choosable = customer.locator('input[name="account"]');
  expect(await choosable.count()).toBeGreaterThan(0);
  await choosable.first().check();
  const chosen = await choosable.first().getAttribute("value");
  await shoot(customer, "customer-consent");
  await customer.getByRole("button", { name: "Allow" }).click();
  await expect.poll(() => listener.received()?.pathname).toBe("/consent-callback");
  await expect(customer.getByText("back at the app")).toBeVisible();

  const params = oauth.validateAuthResponse(as, client, listener.received()!, state);
  const token = await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, insecure));
  const list = await fetch(`${gatewayUrl}/sandbox/accounts/2.1.0/accounts`, { headers: { authorization: `Bearer ${token.access_token}` } });
  expect(list.status).toBe(200);
  expect(((await list.json()) as { data: { accountId: string }[] }).data.map((a) => a.accountId)).toEqual([chosen]);
  await customer.close();
  await dev.context().close();
  await listener.close();
});

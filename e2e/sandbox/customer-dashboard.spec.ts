// The sandbox customer's access dashboard in Chromium: the demo developer's
// app has a customer's consent (authorization code tokens, over HTTP); the
// customer signs in on the gateway's /sandbox-bank/access page, sees the app
// with what it may do and until when, revokes it, and the app's next
// sandbox call is refused.
import { expect, test, type Page } from "@playwright/test";
import { consentAndToken } from "@/lib/testing/customer-consent";
import { gatewayUrl } from "../support/suite-database";
import { DEMO, demoPage } from "../support/users";

const REDIRECT_URI = "http://127.0.0.1:9/dashboard-callback";

async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${test.info().outputDir}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${test.info().outputDir}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a sandbox customer sees the connected app on the dashboard, revokes it, and the app's next call is refused", async ({ browser }) => {
  const dev = await demoPage(browser, DEMO.developer);
  const apps = (await (await dev.request.get("/api/apps")).json()) as { id: string; name: string; redirectUris?: string[] }[];
  const app = apps.find((a) => a.name === "Quick start (sandbox)")!;
  const current = ((await (await dev.request.get(`/api/apps/${app.id}`)).json()) as { redirectUris?: string[] }).redirectUris ?? [];
  const saved = await dev.request.patch(`/api/apps/${app.id}`, { data: { redirectUris: [...new Set([...current, REDIRECT_URI])] } });
  expect(saved.status(), await saved.text()).toBe(200);
  const issued = await dev.request.post(`/api/apps/${app.id}/secrets`);
  const { clientId, clientSecret } = (await issued.json()) as { clientId: string; clientSecret: string };
  await dev.goto(`/apps/${app.id}`);
  const password = (await dev.getByTestId("sandbox-customer-password").textContent())!;
  const loginId = (await dev.getByTestId("sandbox-customer-logins").locator("li .font-mono").first().textContent())!.trim();
  // The accounts the app may use (its client-credentials view); the first that is this customer's gets the consent.
  const cc = await fetch(`${gatewayUrl}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope: "accounts:read" }) });
  const ccToken = ((await cc.json()) as { access_token: string }).access_token;
  const accounts = ((await (await fetch(`${gatewayUrl}/sandbox/accounts/2.1.0/accounts`, { headers: { authorization: `Bearer ${ccToken}` } })).json()) as { data: { accountId: string }[] }).data;
  let token = "";
  for (const account of accounts) {
    token = await consentAndToken({ gatewayUrl, clientId, clientSecret, redirectUri: REDIRECT_URI, customerRef: loginId, password, accountId: account.accountId, scope: "accounts:read" }).then((t) => t.accessToken, () => "");
    if (token) break;
  }
  expect(token).not.toBe("");
  const before = await fetch(`${gatewayUrl}/sandbox/accounts/2.1.0/accounts`, { headers: { authorization: `Bearer ${token}` } });
  expect(before.status).toBe(200);

  const customer = await browser.newPage();
  await customer.goto(`${gatewayUrl}/sandbox-bank/access`);
  await expect(customer.getByRole("heading", { name: "Your connected apps" })).toBeVisible();
  await customer.getByLabel("Login id").fill(loginId);
  await customer.getByLabel("Password").fill(password);
  await customer.getByRole("button", { name: "Sign in" }).click();
  await expect(customer.getByText(`${app.name}`).first()).toBeVisible();
  await expect(customer.getByText("until", { exact: false }).first()).toBeVisible();
  await shoot(customer, "customer-dashboard");
  await customer.getByRole("button", { name: `Revoke ${app.name}` }).click();
  await expect(customer.getByRole("status")).toHaveText(`${app.name} can no longer access your accounts.`);
  await shoot(customer, "customer-dashboard-revoked");

  const after = await fetch(`${gatewayUrl}/sandbox/accounts/2.1.0/accounts`, { headers: { authorization: `Bearer ${token}` } });
  expect(after.status).toBe(401);
  await customer.close();
  await dev.context().close();
});

// Compliance finds an app with live sandbox traffic, suspends it with a
// reason, and the developer's next sandbox and try-it calls are refused; the audit viewer
// shows the suspension; a developer cannot open the audit trail, the console
// or another organisation's logs.
//
// The app is set up through the real apps code (create, submit, approve,
// issue a secret) on the suite's database; its traffic and the refusal go
// through the running gateway; the revocation through the portal's UI.
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe";
import { signInWithApi } from "../support/users";
import { gatewayUrl } from "../support/suite-database";
import { fetchToken, makeLiveApp } from "../../lib/testing/live-app-fixture";
import { makeUser, TEST_PASSWORD } from "../../lib/testing/factories";
import { getDb } from "../../lib/db";

type Live = Awaited<ReturnType<typeof makeLiveApp>>;

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

async function sandboxCall(request: APIRequestContext, live: Live, token: string) {
  return request.get(`${gatewayUrl}/sandbox/${live.slug}/${live.version}/payments?accountId=${live.accounts[0]!.accountId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

test("compliance suspends an app with live traffic; the next sandbox call is refused and the audit trail shows it", async ({ page, request, browser }) => {
  const live = await makeLiveApp();
  const officer = await makeUser({ role: "compliance" });
  const token = await fetchToken(gatewayUrl, live);

  // Live traffic: a few accepted calls through the gateway, and the
  // developer's try-it from the portal.
  for (let i = 0; i < 3; i++) expect((await sandboxCall(request, live, token)).status()).toBe(200);
  const devContext = await browser.newContext();
  const devPage = await devContext.newPage();
  await signInWithApi(devPage.request, live.developer.user.email, TEST_PASSWORD);
  const tryIt = `/api/try/${live.appId}/${live.slug}/${live.version}/payments?accountId=${live.accounts[0]!.accountId}`;
  expect((await devPage.request.get(tryIt)).status()).toBe(200);

  await signInWithApi(page.request, officer.user.email, TEST_PASSWORD);
  await page.goto("/dashboard");
  await nav(page).getByRole("link", { name: "Console" }).click();
  await expect(page).toHaveURL(/\/compliance$/);
  await expect(page.getByRole("heading", { level: 1, name: "Compliance console" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Search apps, developers and organisations").fill(live.clientId);
  await page.getByRole("button", { name: "Search" }).click();
  const appName = (await getDb().app.findUniqueOrThrow({ where: { id: live.appId } })).name;
  await page.getByRole("link", { name: appName }).click();
  await expect(page.getByRole("heading", { name: appName })).toBeVisible();
  // Request logs are written in batches; reload until the calls show up.
  await expect(async () => {
    await page.reload();
    expect(Number(await page.getByTestId("traffic-calls").textContent())).toBeGreaterThanOrEqual(3);
  }).toPass({ timeout: 10_000 });
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/compliance-app-detail.png", fullPage: true });

  // The reason is mandatory.
  await page.getByRole("button", { name: "Suspend app" }).click();
  const dialog = page.getByRole("dialog", { name: `Suspend ${appName}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Reason (recorded in the audit trail)").fill("bad");
  await dialog.getByRole("button", { name: "Suspend app" }).click();
  await expect(dialog.getByText("Give a reason of at least 5 characters")).toBeVisible();
  await page.screenshot({ path: "test-results/compliance-suspend-dialog.png" });
  const reason = `Scraping customer data e2e ${Date.now()}`;
  await dialog.getByLabel("Reason (recorded in the audit trail)").fill(reason);
  await dialog.getByRole("button", { name: "Suspend app" }).click();
  await expect(page.getByText(`Suspended since`)).toBeVisible();
  await expect(page.getByText(reason)).toBeVisible();

  // The developer's next calls are refused at once: the token at the gateway, try-it in the portal.
  const refused = await sandboxCall(request, live, token);
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"] ?? "").toContain("invalid_token");
  const refusedTryIt = await devPage.request.get(tryIt);
  expect(refusedTryIt.status()).toBe(409);
  expect(((await refusedTryIt.json()) as { detail: string }).detail).toContain("Try-it needs an approved app");

  // The audit viewer shows the suspension, with reason and actor.
  await nav(page).getByRole("link", { name: "Audit trail" }).click();
  await expect(page).toHaveURL(/\/compliance\/audit$/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: reason });
  await expect(row).toContainText("app.suspend");
  await expect(row).toContainText(officer.user.email);
  await expect(page.getByText(/Chain verified: all \d+ records intact/)).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/compliance-audit-viewer.png", fullPage: true });

  // CSV export of the filtered trail.
  await page.getByLabel("Action").fill("app.suspend");
  await page.getByRole("button", { name: "Filter" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8");
  expect(csv.split("\r\n")[0]).toBe("seq,at,actorId,actorRole,actorLabel,action,targetType,targetId,reason,sourceIp,details,prevHash,hash");
  expect(csv).toContain(reason);

  // The developer: no audit trail, no console, no other organisation's logs.
  for (const path of ["/compliance/audit", "/compliance", `/compliance/apps/${live.appId}`]) {
    const response = await devPage.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  expect((await devPage.request.get("/api/compliance/audit/export")).status()).toBe(404);
  expect((await devPage.request.post(`/api/compliance/apps/${live.appId}/suspend`, { data: { reason: "not allowed to" } })).status()).toBe(404);
  // Their own app's logs are there; another organisation's app is 404.
  await devPage.goto(`/logs?appId=${live.appId}`);
  await expect(devPage.getByRole("heading", { name: "Request logs" })).toBeVisible();
  await expect(devPage.getByRole("row").filter({ hasText: "/payments" }).first()).toBeVisible();
  await expectAccessible(devPage);
  await devPage.screenshot({ path: "test-results/developer-request-logs.png", fullPage: true });
  const other = await makeLiveApp();
  expect((await devPage.goto(`/logs?appId=${other.appId}`))?.status()).toBe(404);
  await devContext.close();
});

test("usage analytics draws calls, error rate and p95 for the developer's own apps", async ({ page, request }) => {
  const live = await makeLiveApp();
  const token = await fetchToken(gatewayUrl, live);
  for (let i = 0; i < 4; i++) expect((await sandboxCall(request, live, token)).status()).toBe(200);
  expect((await sandboxCall(request, live, "pat_not-a-real-token")).status()).toBe(401);

  await signInWithApi(page.request, live.developer.user.email, TEST_PASSWORD);
  await page.goto("/dashboard");
  await nav(page).getByRole("link", { name: "Usage" }).click();
  await expect(page).toHaveURL(/\/usage$/);
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/\b4\b calls/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByRole("img", { name: /Calls per day: 4 calls/ })).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/usage-analytics.png", fullPage: true });
});

test("a suspended app comes back only after an admin and a compliance officer both approve; admins cannot revoke", async ({ browser }) => {
  const live = await makeLiveApp();
  const officer = await makeUser({ role: "compliance" });
  const admin = await makeUser({ role: "admin" });
  const appName = (await getDb().app.findUniqueOrThrow({ where: { id: live.appId } })).name;

  const compliance = await (await browser.newContext()).newPage();
  await signInWithApi(compliance.request, officer.user.email, TEST_PASSWORD);
  await compliance.goto(`/compliance/developers/${live.developer.user.id}`);
  await expect(compliance.getByRole("heading", { level: 1, name: live.developer.user.name })).toBeVisible();
  await expectAccessible(compliance);
  await compliance.goto(`/compliance/organisations/${live.developer.user.organisationId}`);
  await expect(compliance.getByRole("link", { name: appName })).toBeVisible();
  await expectAccessible(compliance);
  await compliance.getByRole("link", { name: appName }).click();
  await compliance.getByRole("button", { name: "Suspend app" }).click();
  const suspend = compliance.getByRole("dialog", { name: `Suspend ${appName}?` });
  await suspend.getByLabel("Reason (recorded in the audit trail)").fill("Unusual volume from an unknown network");
  await suspend.getByRole("button", { name: "Suspend app" }).click();
  await expect(compliance.getByText("No approvals yet.")).toBeVisible();

  // The admin sees the app read-only (no revoke buttons) and gives the first approval.
  const adminPage = await (await browser.newContext()).newPage();
  await signInWithApi(adminPage.request, admin.user.email, TEST_PASSWORD);
  await adminPage.goto(`/compliance/apps/${live.appId}`);
  await expect(adminPage.getByRole("button", { name: "Revoke all tokens" })).toHaveCount(0);
  await adminPage.getByRole("button", { name: "Approve reinstatement" }).click();
  const first = adminPage.getByRole("dialog", { name: `Approve reinstating ${appName}` });
  await first.getByLabel("Reason (recorded in the audit trail)").fill("Customer explained the traffic spike");
  await first.getByRole("button", { name: "Approve reinstatement" }).click();
  await expect(adminPage.getByText(`Approved so far by ${admin.user.email} (admin).`)).toBeVisible();
  await expect(adminPage.getByRole("button", { name: "Approve reinstatement" })).toHaveCount(0);
  await expectAccessible(adminPage);
  // Revoking tokens is compliance's alone: to an admin the endpoint does not exist.
  expect((await adminPage.request.post(`/api/compliance/apps/${live.appId}/revoke-tokens`, { data: { reason: "admins may not revoke" } })).status()).toBe(404);

  // The compliance officer's approval is the second one: the app is back.
  await compliance.reload();
  await compliance.getByRole("button", { name: "Approve and reinstate" }).click();
  const second = compliance.getByRole("dialog", { name: `Approve reinstating ${appName}` });
  await second.getByLabel("Reason (recorded in the audit trail)").fill("Reviewed the incident report");
  await second.getByRole("button", { name: "Approve and reinstate" }).click();
  await expect(compliance.getByRole("button", { name: "Suspend app" })).toBeVisible();
  await expect(compliance.getByText("approved", { exact: true })).toBeVisible();
  await compliance.screenshot({ path: "test-results/compliance-reinstated.png", fullPage: true });
  // The secret the app had at suspension stays dead: the developer sees why and issues a new one, which works.
  await expect(fetchToken(gatewayUrl, live)).rejects.toThrow(/token endpoint said 401/);
  const developer = await (await browser.newContext()).newPage();
  await signInWithApi(developer.request, live.developer.user.email, TEST_PASSWORD);
  await developer.goto(`/apps/${live.appId}`);
  await expect(developer.getByText("revoked the client secrets it had when it was suspended")).toBeVisible();
  await expectAccessible(developer);
  await developer.getByRole("button", { name: "Generate client secret" }).click();
  const secret = (await developer.getByTestId("client-secret").textContent())!.trim();
  await expect(developer.getByText("revoked the client secrets it had when it was suspended")).toHaveCount(0);
  const token = await fetchToken(gatewayUrl, { clientId: live.clientId, secret });
  expect((await compliance.request.get(`${gatewayUrl}/sandbox/${live.slug}/${live.version}/payments?accountId=${live.accounts[0]!.accountId}`, { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
});

test("compliance finds a token by its value or prefix, sees who got it, and revokes it; nobody else may look tokens up", async ({ page, request, browser }) => {
  const live = await makeLiveApp();
  const officer = await makeUser({ role: "compliance" });
  const admin = await makeUser({ role: "admin" });
  const token = await fetchToken(gatewayUrl, live);
  expect((await sandboxCall(request, live, token)).status()).toBe(200);
  const appName = (await getDb().app.findUniqueOrThrow({ where: { id: live.appId } })).name;

  await signInWithApi(page.request, officer.user.email, TEST_PASSWORD);
  await page.goto("/compliance");
  await page.getByLabel("Access token or prefix").fill(token.slice(0, 12));
  await page.getByRole("button", { name: "Look up" }).click();
  const found = page.getByTestId("found-token");
  await expect(found).toHaveCount(1);
  await expect(found).toContainText(appName);
  await expect(found).toContainText("payments:read payments:write");
  await expect(found).toContainText(`pcs_…${live.secret.slice(-4)}`);
  await expect(found).toContainText("none (bearer)");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/compliance-token-lookup.png", fullPage: true });
  // The pasted token never reaches a URL.
  expect(page.url()).not.toContain(token.slice(0, 12));

  await found.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this token?" });
  await dialog.getByLabel("Reason (recorded in the audit trail)").fill("Developer reported the token in a public paste");
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(found).toContainText("revoked");
  expect((await sandboxCall(request, live, token)).status()).toBe(401);

  // By the whole value, after revocation.
  await page.getByLabel("Access token or prefix").fill(token);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByTestId("found-token")).toContainText("revoked");

  // Only compliance: admins and developers are told the route does not exist, anonymous callers to sign in.
  const adminPage = await (await browser.newContext()).newPage();
  await signInWithApi(adminPage.request, admin.user.email, TEST_PASSWORD);
  await adminPage.goto("/compliance");
  await expect(adminPage.getByLabel("Access token or prefix")).toHaveCount(0);
  expect((await adminPage.request.post("/api/compliance/tokens/lookup", { data: { query: token } })).status()).toBe(404);
  const developer = await (await browser.newContext()).newPage();
  await signInWithApi(developer.request, live.developer.user.email, TEST_PASSWORD);
  expect((await developer.request.post("/api/compliance/tokens/lookup", { data: { query: token } })).status()).toBe(404);
  expect((await request.post("/api/compliance/tokens/lookup", { data: { query: token } })).status()).toBe(401);
});

test("suspending a developer ends their session at the next request; reinstating lets them back in", async ({ browser }) => {
  const live = await makeLiveApp();
  const officer = await makeUser({ role: "compliance" });
  const developer = await (await browser.newContext()).newPage();
  await signInWithApi(developer.request, live.developer.user.email, TEST_PASSWORD);

  const compliance = await (await browser.newContext()).newPage();
  await signInWithApi(compliance.request, officer.user.email, TEST_PASSWORD);
  await compliance.goto(`/compliance/developers/${live.developer.user.id}`);
  await compliance.getByRole("button", { name: "Suspend developer" }).click();
  const dialog = compliance.getByRole("dialog", { name: `Suspend ${live.developer.user.name}?` });
  await dialog.getByLabel("Reason (recorded in the audit trail)").fill("Account shared between several people");
  await dialog.getByRole("button", { name: "Suspend developer" }).click();
  await expect(compliance.getByRole("button", { name: "Reinstate developer" })).toBeVisible();
  await expect(compliance.getByRole("main").getByText("suspended", { exact: true }).first()).toBeVisible();

  await developer.goto("/logs");
  await expect(developer).toHaveURL(/\/signin/);
  const token = await fetchToken(gatewayUrl, live).catch((e: Error) => e.message);
  expect(token).toMatch(/token endpoint said (400|401)/);

  await compliance.getByRole("button", { name: "Reinstate developer" }).click();
  const back = compliance.getByRole("dialog", { name: `Reinstate ${live.developer.user.name}?` });
  await back.getByLabel("Reason (recorded in the audit trail)").fill("Identity re-verified by phone");
  await back.getByRole("button", { name: "Reinstate developer" }).click();
  await expect(compliance.getByRole("button", { name: "Suspend developer" })).toBeVisible();
  await signInWithApi(developer.request, live.developer.user.email, TEST_PASSWORD);
});

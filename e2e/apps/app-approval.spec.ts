import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe";
import { DEMO, demoPage, isDemoEmail, registerDeveloper, signInWithApi } from "../support/users";
import { makeTestCertificate } from "../../lib/testing/make-test-certificate";
import "../support/suite-database";
import { makeLiveApp } from "../../lib/testing/live-app-fixture";
import { TEST_PASSWORD } from "../../lib/testing/factories";

const ACCOUNTS_API = "Accounts and Transactions API";
const PAYMENTS_API = "Payments API";

async function signedIn(browser: Browser, email: string, password?: string): Promise<Page> {
  if (password === undefined && isDemoEmail(email)) return demoPage(browser, email);
  const page = await (await browser.newContext()).newPage();
  await signInWithApi(page.request, email, password);
  return page;
}

/** Maker-checker changes with two admins: `maker` proposes on the settings page, `checker` approves there. */
async function setMakerChecker(maker: Page, checker: Page, on: boolean) {
  const [want, other] = on ? ["on", "off"] : ["off", "on"];
  await maker.goto("/admin/settings");
  const propose = maker.getByRole("button", { name: `Propose turning maker-checker ${want}` });
  const already = maker.getByRole("button", { name: `Propose turning maker-checker ${other}` });
  await expect(propose.or(already)).toBeVisible();
  if (await already.isVisible()) return;
  await propose.click();
  await expect(maker.getByText(`You proposed turning maker-checker ${want}. Waiting for a second admin to approve it.`)).toBeVisible();
  // The proposer cannot approve their own change: the page offers only withdrawal.
  await expect(maker.getByRole("button", { name: "Approve change" })).toHaveCount(0);
  await expect(maker.getByRole("button", { name: "Withdraw proposal" })).toBeVisible();
  await checker.goto("/admin/settings");
  await expect(checker.getByText(new RegExp(`proposes turning maker-checker ${want}`))).toBeVisible();
  await checker.getByRole("button", { name: "Approve change" }).click();
  await expect(checker.getByRole("button", { name: `Propose turning maker-checker ${other}` })).toBeVisible();
}

test("developer registers an app, admin rejects with a reason, developer resubmits, admin approves; secret shown once", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const developer = await registerDeveloper(request, "apps");
  const dev = await signedIn(browser, developer.email, developer.password);
  const admin = await signedIn(browser, DEMO.admin);

  // ── Developer registers and submits: two APIs, chosen scopes, two accounts.
  await dev.goto("/apps");
  await expect(dev.getByRole("heading", { name: "My apps" })).toBeVisible();
  await expect(dev.getByText("No apps yet")).toBeVisible();
  await expectAccessible(dev);
  await dev.getByRole("link", { name: "Register an app" }).click();
  await dev.getByLabel("App name").fill("Budget Buddy");
  await dev.getByLabel("Description").fill("Shows customers where their money goes.");
  await dev.getByRole("checkbox", { name: new RegExp(ACCOUNTS_API) }).check();
  await expect(dev.getByLabel(`Version of ${ACCOUNTS_API}`)).toHaveValue(/.+/);
  await expect(dev.getByLabel(`Version of ${ACCOUNTS_API}`).locator("option:checked")).toHaveText("2.1.0");
  await dev.getByRole("group", { name: `Scopes for ${ACCOUNTS_API}` }).getByRole("checkbox", { name: /accounts:read/ }).check();
  await dev.getByRole("group", { name: `Scopes for ${ACCOUNTS_API}` }).getByRole("checkbox", { name: /transactions:read/ }).check();
  await dev.getByRole("checkbox", { name: new RegExp(PAYMENTS_API) }).check();
  await dev.getByRole("group", { name: `Scopes for ${PAYMENTS_API}` }).getByRole("checkbox", { name: /payments:write/ }).check();
  const accounts = dev.getByRole("group", { name: "Sandbox accounts" }).getByRole("checkbox");
  await accounts.nth(0).check();
  await accounts.nth(1).check();
  // Submitting without a justification is refused with a readable reason.
  await dev.getByRole("button", { name: "Submit for review" }).click();
  await expect(dev.getByText("Explain why the app needs this access").first()).toBeVisible();
  await dev.getByLabel("Justification").fill("Budgeting for our pilot customers; payments to move savings.");
  await expectAccessible(dev);
  await dev.screenshot({ path: "test-results/apps-1-register.png", fullPage: true });
  await dev.getByRole("button", { name: "Submit for review" }).click();
  await expect(dev).toHaveURL(/\/apps\/(?!new$)[a-z0-9]+$/);
  const appUrl = new URL(dev.url()).pathname;
  const appId = appUrl.split("/").pop()!;
  await expect(dev.getByText("Waiting for review").first()).toBeVisible();

  // ── Admin sees the full context and rejects with a reason.
  await admin.goto("/admin/apps");
  await expectAccessible(admin);
  await admin.getByRole("link", { name: "Budget Buddy" }).first().click();
  await expect(admin).toHaveURL(new RegExp(`/admin/apps/${appId}$`));
  const main = admin.getByRole("main");
  await expect(main.getByText(`${developer.name} (${developer.email})`)).toBeVisible();
  await expect(main.getByText(developer.organisation, { exact: true })).toBeVisible();
  await expect(main.getByText(ACCOUNTS_API)).toBeVisible();
  await expect(main.getByText(PAYMENTS_API)).toBeVisible();
  for (const scope of ["accounts:read", "transactions:read", "payments:write"]) await expect(main.getByText(scope, { exact: true })).toBeVisible();
  await expect(main.getByText(/acc_[a-z2-7]{16}/)).toHaveCount(2);
  await expect(admin.getByTestId("justification")).toHaveText("Budgeting for our pilot customers; payments to move savings.");
  await expect(main.getByText("Submitted for review")).toBeVisible();
  await expectAccessible(admin);
  await admin.screenshot({ path: "test-results/apps-2-admin-review.png", fullPage: true });
  await admin.getByRole("button", { name: "Reject" }).click();
  await expect(admin.getByText("A reason is required to reject")).toBeVisible();
  await admin.getByLabel("Reason for rejection").fill("Payment initiation needs a signed contract; ask for read access only.");
  await admin.getByRole("button", { name: "Reject" }).click();
  await expect(admin.getByText(/latest registration is rejected/)).toBeVisible();

  // ── Developer sees the reason (page and notification), edits and resubmits.
  await dev.goto(appUrl);
  await expect(dev.getByTestId("rejection-reason")).toHaveText("Reason: Payment initiation needs a signed contract; ask for read access only.");
  await expect(dev.getByRole("link", { name: /Notifications, 1 unread/ })).toBeVisible();
  await dev.getByRole("link", { name: /Notifications/ }).click();
  await expect(dev.getByText("Budget Buddy was rejected: Payment initiation needs a signed contract; ask for read access only.")).toBeVisible();
  await dev.goto(appUrl);
  await dev.getByRole("link", { name: "Edit" }).click();
  await dev.getByRole("checkbox", { name: new RegExp(PAYMENTS_API) }).uncheck();
  await dev.getByLabel("Justification").fill("Budgeting for our pilot customers; read access only.");
  await dev.getByRole("button", { name: "Submit for review" }).click();
  await expect(dev).toHaveURL(new RegExp(`${appUrl}$`));
  await expect(dev.getByText("Waiting for review").first()).toBeVisible();

  // ── Admin approves; the developer generates the secret and sees it exactly once.
  await admin.goto(`/admin/apps/${appId}`);
  await expect(admin.getByRole("main").getByText(PAYMENTS_API)).toHaveCount(0);
  await admin.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByRole("main").getByText("Approved", { exact: true }).first()).toBeVisible();

  await dev.goto(appUrl);
  await expect(dev.getByRole("main").getByText("Approved", { exact: true }).first()).toBeVisible();
  await expect(dev.getByTestId("client-id")).toHaveText(/^pc_[a-z0-9]{20}$/);
  await expect(dev.getByText(/Access tokens live 5 minutes/)).toBeVisible();
  await dev.getByRole("button", { name: "Generate client secret" }).click();
  const secret = (await dev.getByTestId("client-secret").textContent())!;
  expect(secret).toMatch(/^pcs_[A-Za-z0-9_-]{43}$/);
  await expect(dev.getByText("It will not be shown again")).toBeVisible();
  await expectAccessible(dev);
  await dev.screenshot({ path: "test-results/apps-3-secret-once.png", fullPage: true });
  await dev.reload();
  await expect(dev.getByTestId("client-secret")).toHaveCount(0);
  await expect(dev.getByText(`pcs_…${secret.slice(-4)}`)).toBeVisible();
  expect(await dev.content()).not.toContain(secret);
  await expect(dev.getByRole("button", { name: "Rotate secret" })).toBeVisible();
});

// Only this part switches the bank-wide setting, so only it waits for every
// other test and runs alone; the app it changes is approved already
// (made through the apps code, as makeLiveApp does: Payments API, both scopes).
test("maker-checker on: a change request to an approved app needs a second, different admin", { tag: "@global-settings" }, async ({ browser }) => {
  test.setTimeout(180_000);
  const live = await makeLiveApp();
  const appId = live.appId;
  const dev = await signedIn(browser, live.developer.user.email, TEST_PASSWORD);
  const admin = await signedIn(browser, DEMO.admin);
  const checker = await signedIn(browser, DEMO.checker);

  try {
    // ── Maker-checker on: one approval of a change request is not enough.
    await setMakerChecker(admin, checker, true);
    await expectAccessible(admin);
    await dev.goto(`/apps/${appId}`);
    await dev.getByRole("link", { name: "Request a change" }).click();
    await dev.getByRole("checkbox", { name: new RegExp(ACCOUNTS_API) }).check();
    await dev.getByRole("group", { name: `Scopes for ${ACCOUNTS_API}` }).getByRole("checkbox", { name: /accounts:read/ }).check();
    await dev.getByLabel("Justification").fill("Show customers the balances their payments leave.");
    await dev.getByRole("button", { name: "Submit for review" }).click();
    await expect(dev.getByText(/Until it is approved the current access stays in force/)).toBeVisible();

    await admin.goto(`/admin/apps/${appId}`);
    await expect(admin.getByText("Maker-checker is on: 0 of 2 approvals")).toBeVisible();
    await admin.getByRole("button", { name: "Approve" }).click();
    await expect(admin.getByText("You approved this request. A different admin must give the second approval.")).toBeVisible();
    await expect(admin.getByText("Maker-checker is on: 1 of 2 approvals")).toBeVisible();
    await admin.screenshot({ path: "test-results/apps-4-maker-checker.png", fullPage: true });
    await dev.reload();
    await expect(dev.getByText(/waiting for the bank's review/)).toBeVisible();

    await checker.goto(`/admin/apps/${appId}`);
    await checker.getByRole("button", { name: "Approve" }).click();
    await expect(checker.getByText(/latest change request is approved/)).toBeVisible();
    await dev.reload();
    await expect(dev.getByText(/waiting for the bank's review/)).toHaveCount(0);
    await expect(dev.getByText("accounts:read", { exact: true })).toBeVisible();
  } finally {
    await setMakerChecker(admin, checker, false);
  }
});

test("another organisation's app is not found, for pages and the API", async ({ browser, request }) => {
  const owner = await registerDeveloper(request, "owner");
  const page = await signedIn(browser, owner.email, owner.password);
  const created = await page.request.post("/api/apps", { data: { name: "Private app" } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const sneaky = await page.request.post("/api/apps", { data: { name: "Sneaky", status: "approved" } });
  expect(sneaky.status()).toBe(422);

  const other = await signedIn(browser, DEMO.otherDeveloper);
  expect((await other.request.get(`/api/apps/${id}`)).status()).toBe(404);
  expect((await other.request.patch(`/api/apps/${id}`, { data: { name: "Mine" } })).status()).toBe(404);
  const response = await other.goto(`/apps/${id}`);
  expect(response?.status()).toBe(404);
});

test("the demo developer finds the quick-start app approved, its secret already revealed; a rotated secret gets a token", async ({ browser }) => {
  const page = await signedIn(browser, DEMO.developer);
  await page.goto("/apps");
  await page.getByRole("link", { name: "Quick start (sandbox)" }).click();
  await expect(page.getByTestId("client-id")).toHaveText(/^pc_[a-z0-9]{20}$/);
  const clientId = (await page.getByTestId("client-id").textContent())!;
  await expect(page.getByText(/^pcs_…/)).toHaveCount(1);
  await expect(page.getByTestId("client-secret")).toHaveCount(0);
  await expect(page.getByText("accounts:read", { exact: true })).toBeVisible();
  await expect(page.getByText("payments:write", { exact: true })).toBeVisible();
  await expectAccessible(page);

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const secret = (await page.getByTestId("client-secret").textContent())!;
  await expect(page.getByText(/The previous secret keeps working until/)).toBeVisible();
  await page.reload();
  await expect(page.getByText(/Rotated — works until/)).toBeVisible();
  await page.screenshot({ path: "test-results/apps-5-quick-start-rotated.png", fullPage: true });

  // The credentials work at the gateway's token endpoint (RFC 6749 §4.4, client_secret_basic).
  const gateway = `http://localhost:${process.env.E2E_GATEWAY_PORT ?? 4100}`;
  const token = await page.request.post(`${gateway}/oauth2/token`, {
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    form: { grant_type: "client_credentials", scope: "accounts:read" },
  });
  expect(token.status(), await token.text()).toBe(200);
  const body = (await token.json()) as { access_token: string; expires_in: number };
  expect(body.access_token).toMatch(/^pat_/);
  expect(body.expires_in).toBe(300);
});

test("client certificates: refused with a reason, warned before expiry, removed at once; admins set the token lifetime", async ({ browser }) => {
  const DAY = 86_400_000;
  // Its own developer and approved app: certificates and the lifetime override change what the gateway does for that app.
  const live = await makeLiveApp();
  const dev = await signedIn(browser, live.developer.user.email, TEST_PASSWORD);
  const appUrl = `/apps/${live.appId}`;
  await dev.goto(appUrl);
  const field = dev.getByLabel("Add a certificate (PEM)");
  const add = dev.getByRole("button", { name: "Add certificate" });

  const expired = makeTestCertificate({ commonName: "old-client", notBefore: new Date(Date.now() - 40 * DAY), notAfter: new Date(Date.now() - DAY) });
  await field.fill(expired.certPem);
  await add.click();
  await expect(dev.getByText(/The certificate expired on \d{4}-\d\d-\d\d/).first()).toBeVisible();
  await field.fill(expired.certPem + expired.keyPem);
  await add.click();
  await expect(dev.getByText(/contains a private key/).first()).toBeVisible();

  const soon = makeTestCertificate({ commonName: "soon-client", notAfter: new Date(Date.now() + 10 * DAY) });
  await field.fill(soon.certPem);
  await add.click();
  const item = dev.getByRole("listitem").filter({ hasText: "CN=soon-client" });
  await expect(item.getByText("Expires soon")).toBeVisible();
  await expect(item.getByText(/x5t#S256 [A-Za-z0-9_-]{43}/)).toBeVisible();
  await expect(dev.getByText(/CN=soon-client expires on .*Add its replacement before then/)).toBeVisible();
  await field.fill(soon.certPem);
  await add.click();
  await expect(dev.getByText("This certificate is already registered for this app")).toBeVisible();
  await expectAccessible(dev);
  await dev.screenshot({ path: "test-results/apps-6-certificates.png", fullPage: true });
  dev.once("dialog", (dialog) => void dialog.accept());
  await dev.getByRole("button", { name: "Remove certificate CN=soon-client" }).click();
  await expect(dev.getByText("CN=soon-client")).toHaveCount(0);

  const admin = await signedIn(browser, DEMO.admin);
  await admin.goto(`/admin${appUrl}`);
  await admin.getByLabel("Access-token lifetime override (seconds)").fill("99999");
  await admin.getByRole("button", { name: "Save lifetime" }).click();
  await expect(admin.getByText("Choose between 60 and 3600 seconds").first()).toBeVisible();
  await admin.getByLabel("Access-token lifetime override (seconds)").fill("900");
  await admin.getByRole("button", { name: "Save lifetime" }).click();
  await expect(admin.getByText("Access tokens of this app live 15 minutes.")).toBeVisible();
  await dev.reload();
  await expect(dev.getByText(/Access tokens live 15 minutes \(set by the bank for this app\)/)).toBeVisible();
  await admin.getByRole("button", { name: "Use the default" }).click();
  await expect(admin.getByText("Access tokens of this app live 5 minutes.")).toBeVisible();
});

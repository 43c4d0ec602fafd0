// The sandbox bank's developer journey (issue 8, "Done when"), as a new
// developer of their own organisation: try-it lists the app's accounts,
// opens one, makes a payment above the pending threshold (held for review),
// sees the new balance in the sandbox and on the app page, advances the
// sandbox clock a day and sees the payment booked, receives both signed
// payment.status_changed callbacks (made, then booked) at a receiver this
// test starts, and resets the sandbox, which also brings the clock back to
// real time. A fresh organisation, so moving its clock and resetting its
// sandbox touch no other test's data.
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import "../support/suite-database";
import { formatMoney } from "@/components/apps/format";
import { startReceiver } from "../support/callback-receiver";
import { openDocs, tryIt } from "../support/try-it";
import { DEMO, demoPage, signIn } from "../support/users";
import { getDb } from "../../lib/db";
import { TEST_PASSWORD } from "../../lib/testing/factories";
import { makeSandboxBankApp } from "../../lib/testing/live-app-fixture";

const clockCard = (page: Page) => page.locator("div").filter({ has: page.getByRole("heading", { name: "Sandbox clock" }) }).last();

test("sandbox journey: list, open, pay (held for review), new balance in the sandbox and on the app page, advance the clock, booked, signed callbacks, reset", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const receiver = await startReceiver();
  try {
    // The bank allows loopback callbacks in this environment (an audited admin setting).
    const admin = await demoPage(browser, DEMO.admin);
    const allowed = await admin.request.patch("/api/admin/settings", { data: { callbacksAllowLoopback: true } });
    expect(allowed.status(), await allowed.text()).toBe(200);
    await admin.context().close();

    const live = await makeSandboxBankApp();
    const [accountsApi, paymentsApi] = live.versions.map((v) => `${v.slug}/${v.version}`);
    await signIn(page, live.developer.user.email, TEST_PASSWORD);
    const registered = await page.request.post(`/api/apps/${live.appId}/callbacks`, { data: { url: receiver.url, events: ["payment.status_changed"] } });
    expect(registered.status(), await registered.text()).toBe(201);
    const { signingSecret } = (await registered.json()) as { signingSecret: string };
    expect(signingSecret).toMatch(/^whsec_/);

    // Try-it lists exactly the organisation's accounts the app was granted, and opens one.
    const business = live.accounts.find((a) => a.type === "business" && a.currency === "GBP")!;
    await openDocs(page, accountsApi!, live.name);
    const list = await tryIt(page, { operation: "GET /accounts", status: 200 });
    expect((list.data as { accountId: string }[]).map((a) => a.accountId).sort()).toEqual(live.accounts.map((a) => a.accountId).sort());
    const opened = await tryIt(page, { operation: "GET /accounts/{accountId}", params: { "accountId (path, required)": business.accountId }, status: 200 });
    expect(opened).toMatchObject({ accountId: business.accountId, currency: "GBP" });
    const before = await tryIt(page, { operation: "GET /accounts/{accountId}/balances", params: { "accountId (path, required)": business.accountId }, status: 200 });
    const beforeMinor = Math.round(Number(before.available.value) * 100);

    // Above 10,000.00 the Payments API holds a payment for review: pending, already taken from the available balance.
    await openDocs(page, paymentsApi!, live.name);
    const paid = await tryIt(page, {
      operation: "POST /payments",
      body: { debtorAccountId: business.accountId, creditorName: "Harbour Estates Ltd", creditorIban: "GB29NWBK60161331926819", amount: { value: "12000.00", currency: "GBP" }, reference: "JOURNEY-DEPOSIT" },
      status: 201,
    });
    expect(paid).toMatchObject({ status: "pending", debtorAccountId: business.accountId, amount: { value: "12000.00" } });
    const paymentId = paid.paymentId as string;

    await openDocs(page, accountsApi!, live.name);
    const after = await tryIt(page, { operation: "GET /accounts/{accountId}/balances", params: { "accountId (path, required)": business.accountId }, status: 200 });
    expect(Math.round(Number(after.available.value) * 100)).toBe(beforeMinor - 12_000_00);

    // The app page shows the same figure.
    await page.goto(`/apps/${live.appId}`);
    const row = page.getByRole("listitem").filter({ hasText: business.accountId }).filter({ hasText: formatMoney(beforeMinor - 12_000_00, "GBP") });
    await expect(row).toHaveCount(1);
    await expect(clockCard(page).getByText("(real time)")).toBeVisible();

    // One sandbox day later the payment books; the app hears it.
    await clockCard(page).getByRole("button", { name: "Advance 1 day" }).click();
    await expect(page.getByRole("status").filter({ hasText: "1 pending payment booked" })).toBeVisible();
    await expect(clockCard(page).getByText("(1 day ahead of real time)")).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 900 });
    await clockCard(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath("sandbox-clock-1280.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await clockCard(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath("sandbox-clock-390.png") });
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: test.info().outputPath("app-page-390-full.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await openDocs(page, paymentsApi!, live.name);
    const booked = await tryIt(page, { operation: "GET /payments/{paymentId}", params: { "paymentId (path, required)": paymentId }, status: 200 });
    expect(booked).toMatchObject({ paymentId, status: "completed" });

    // Both changes arrive signed (Standard Webhooks): made (pending), then booked (completed).
    const ours = () => receiver.received.filter((d) => d.body.includes(paymentId));
    await expect.poll(() => ours().length, { timeout: 60_000 }).toBe(2);
    const events = ours().map((d) => new Webhook(signingSecret).verify(d.body, d.headers) as { type: string; data: Record<string, unknown> });
    expect(events.map((e) => [e.type, e.data.previousStatus, e.data.status]).sort()).toEqual(
      [["payment.status_changed", null, "pending"], ["payment.status_changed", "pending", "completed"]].sort(),
    );
    expect(events.every((e) => e.data.debtorAccountId === business.accountId && e.data.amount === "12000.00")).toBe(true);

    // Reset: the seed comes back (the payment is gone) and the clock returns to real time.
    await page.goto(`/apps/${live.appId}`);
    page.on("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Reset sandbox to its seed" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Sandbox reset" })).toBeVisible();
    await expect(clockCard(page).getByText("(real time)")).toBeVisible();
    expect(await (await page.request.get("/api/sandbox/clock")).json()).toMatchObject({ offsetSeconds: 0 });
    expect(await getDb().sandboxPayment.count({ where: { paymentId } })).toBe(0);
    await openDocs(page, paymentsApi!, live.name);
    await tryIt(page, { operation: "GET /payments/{paymentId}", params: { "paymentId (path, required)": paymentId }, status: 404 });
  } finally {
    await receiver.close();
  }
});

test("standing orders: set one up on the app page, advance the clock a week, see the payments made; cancel it", async ({ page }) => {
  const live = await makeSandboxBankApp({ apiSlugs: ["payments"] });
  await signIn(page, live.developer.user.email, TEST_PASSWORD);
  await page.goto(`/apps/${live.appId}`);
  const card = page.locator("div").filter({ has: page.getByRole("heading", { name: "Standing orders" }) }).last();
  await expect(card.getByText("No standing orders yet.")).toBeVisible();

  // A readable refusal first: an IBAN that fails its check digits.
  await card.getByLabel("Payee name").fill("Daily Gym Ltd");
  await card.getByLabel("Payee IBAN").fill("GB00NWBK60161331926819");
  await card.getByLabel("Amount").fill("3.50");
  await card.getByLabel("Every").selectOption("daily");
  await card.getByLabel("Reference").fill("GYM");
  await card.getByRole("button", { name: "Set up standing order" }).click();
  await expect(card.getByText("Enter a valid IBAN")).toBeVisible();
  await card.getByLabel("Payee IBAN").fill("GB29 NWBK 6016 1331 9268 19");
  await card.getByRole("button", { name: "Set up standing order" }).click();
  const row = card.getByTestId("standing-order-row");
  await expect(row).toContainText("3.50 GBP daily to Daily Gym Ltd");
  await expect(row).toContainText("0 paid");

  // Daily from the sandbox's tomorrow: a week on, seven payments.
  await clockCard(page).getByRole("button", { name: "Advance 1 week" }).click();
  await expect(page.getByRole("status").filter({ hasText: "7 standing-order payments made" })).toBeVisible();
  await expect(row).toContainText("7 paid");
  expect(await getDb().sandboxPayment.count({ where: { appId: live.appId, reference: "GYM", status: "completed" } })).toBe(7);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("standing-orders-1280.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("standing-orders-390.png") });

  page.on("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(card.getByText("No standing orders yet.")).toBeVisible();
});

import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { formatMoney } from "@/components/apps/format";
import { startReceiver } from "../support/callback-receiver";
import { openDocs as openDocsAs, tryIt } from "../support/try-it";
import { DEMO, demoPage } from "../support/users";

const QUICK_START = "Quick start (sandbox)";
const openDocs = (dev: Page, api: string) => openDocsAs(dev, api, QUICK_START);

test("a developer lists their accounts in try-it, opens one, pays from it, receives the signed payment callback and sees the new balance in the sandbox and on the app page", async ({ browser }) => {
  test.setTimeout(180_000);
  const dev = await demoPage(browser, DEMO.developer);
  const apps = (await (await dev.request.get("/api/apps")).json()) as { id: string; name: string }[];
  const appId = apps.find((a) => a.name === QUICK_START)!.id;

  // The quick start app's callback URL points at a receiver this test starts (the bank allows loopback callbacks here).
  const receiver = await startReceiver();
  const admin = await demoPage(browser, DEMO.admin);
  const allowed = await admin.request.patch("/api/admin/settings", { data: { callbacksAllowLoopback: true } });
  expect(allowed.status(), await allowed.text()).toBe(200);
  await admin.context().close();
  const registered = await dev.request.post(`/api/apps/${appId}/callbacks`, { data: { url: receiver.url, events: ["payment.status_changed"] } });
  expect(registered.status(), await registered.text()).toBe(201);
  const endpointId = ((await registered.json()) as { id: string }).id;
  const rotated = await dev.request.post(`/api/apps/${appId}/callbacks/signing-secret`);
  expect(rotated.status(), await rotated.text()).toBe(201);
  const { signingSecret } = (await rotated.json()) as { signingSecret: string };
  try {
    await openDocs(dev, "accounts/2.1.0");
    const list = await tryIt(dev, { operation: "GET /accounts", status: 200 });
    expect(list.data.length).toBe(2); // exactly the two accounts the quick start app was granted
    const account = list.data[0] as { accountId: string; currency: string };
    const opened = await tryIt(dev, { operation: "GET /accounts/{accountId}", params: { "accountId (path, required)": account.accountId }, status: 200 });
    expect(opened).toEqual(account);
    const before = await tryIt(dev, { operation: "GET /accounts/{accountId}/balances", params: { "accountId (path, required)": account.accountId }, status: 200 });
    const beforeMinor = Math.round(Number(before.available.value) * 100);

    await openDocs(dev, "payments/1.2.0");
    const paid = await tryIt(dev, {
      operation: "POST /payments",
      body: { debtorAccountId: account.accountId, creditorName: "Northwind Utilities", creditorIban: "GB29NWBK60161331926819", amount: { value: "12.34", currency: account.currency }, reference: "E2E-PAYMENT" },
      status: 201,
    });
    expect(paid).toMatchObject({ status: "completed", debtorAccountId: account.accountId, amount: { value: "12.34" } });
    await dev.screenshot({ path: `${test.info().outputDir}/sandbox-bank-payment.png`, fullPage: false });

    // The server's worker delivers payment.status_changed, signed with the app's secret.
    // Other tests may pay with the same demo app meanwhile: this payment's delivery is the one named by its id.
    const ours = () => receiver.received.find((d) => String(d.body).includes(paid.paymentId));
    await expect.poll(() => ours() !== undefined, { timeout: 30_000 }).toBe(true);
    const delivery = ours()!;
    expect(new Webhook(signingSecret).verify(delivery.body, delivery.headers)).toMatchObject({
      type: "payment.status_changed",
      data: { paymentId: paid.paymentId, status: "completed", previousStatus: null, amount: "12.34", currency: account.currency, debtorAccountId: account.accountId },
    });

    await openDocs(dev, "accounts/2.1.0");
    const after = await tryIt(dev, { operation: "GET /accounts/{accountId}/balances", params: { "accountId (path, required)": account.accountId }, status: 200 });
    expect(Math.round(Number(after.available.value) * 100)).toBe(beforeMinor - 12_34);
    const transactions = await tryIt(dev, { operation: "GET /accounts/{accountId}/transactions", params: { "accountId (path, required)": account.accountId, "fromBookingDate (query)": "", "toBookingDate (query)": "", "limit (query)": "1" }, status: 200 });
    // The panel fills in the spec's example dates (October 2026); cleared above, the newest transaction is the payment.
    expect(transactions.data[0]).toMatchObject({ accountId: account.accountId, description: "E2E-PAYMENT", amount: { value: "-12.34" }, counterpartyName: "Northwind Utilities" });

    // The app page shows the same figure.
    await dev.goto(`/apps/${appId}`);
    // The sandbox accounts card lists the account with its balance (the grant summary names it too, without one).
    const row = dev.getByRole("listitem").filter({ hasText: account.accountId }).filter({ hasText: formatMoney(beforeMinor - 12_34, account.currency) });
    await expect(row).toHaveCount(1);
    await row.scrollIntoViewIfNeeded();
    await dev.screenshot({ path: `${test.info().outputDir}/sandbox-bank-app-page-1280.png`, fullPage: false });
    await dev.setViewportSize({ width: 390, height: 844 });
    await row.scrollIntoViewIfNeeded();
    await dev.screenshot({ path: `${test.info().outputDir}/sandbox-bank-app-page-390.png`, fullPage: false });
  } finally {
    await dev.request.delete(`/api/apps/${appId}/callbacks/${endpointId}`);
    await receiver.close();
  }
});

import { expect, test, type Page } from "@playwright/test";
import { formatMoney } from "@/components/apps/format";
import { DEMO, demoPage } from "../support/users";

const QUICK_START = "Quick start (sandbox)";

/** Sends one try-it request from the docs page and returns the parsed JSON answer. */
async function tryIt(dev: Page, options: { operation: string; params?: Record<string, string>; body?: unknown; status: number }) {
  await dev.getByLabel("Operation").selectOption(options.operation);
  for (const [label, value] of Object.entries(options.params ?? {})) {
    await dev.getByLabel(label).fill(value);
    await expect(dev.getByLabel(label)).toHaveValue(value);
  }
  if (options.body !== undefined) await dev.getByLabel("Request body (JSON)").fill(JSON.stringify(options.body, null, 2));
  await dev.getByRole("button", { name: "Send request" }).click();
  const response = dev.getByTestId("try-it-response");
  await expect(response.getByText(String(options.status), { exact: true })).toBeVisible();
  return JSON.parse(await response.locator("pre").innerText()) as Record<string, any>;
}

async function openDocs(dev: Page, api: string) {
  await dev.goto(`/apis/${api}/docs`);
  await dev.getByLabel("Try as app").selectOption({ label: QUICK_START });
  await expect(dev.getByText("Approved scopes:")).toBeVisible();
}

test("a developer lists their accounts in try-it, opens one, pays from it and sees the new balance in the sandbox and on the app page", async ({ browser }) => {
  test.setTimeout(180_000);
  const dev = await demoPage(browser, DEMO.developer);

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

  await openDocs(dev, "accounts/2.1.0");
  const after = await tryIt(dev, { operation: "GET /accounts/{accountId}/balances", params: { "accountId (path, required)": account.accountId }, status: 200 });
  expect(Math.round(Number(after.available.value) * 100)).toBe(beforeMinor - 12_34);
  const transactions = await tryIt(dev, { operation: "GET /accounts/{accountId}/transactions", params: { "accountId (path, required)": account.accountId, "fromBookingDate (query)": "", "toBookingDate (query)": "", "limit (query)": "1" }, status: 200 });
  // The panel fills in the spec's example dates (October 2026); cleared above, the newest transaction is the payment.
  expect(transactions.data[0]).toMatchObject({ accountId: account.accountId, description: "E2E-PAYMENT", amount: { value: "-12.34" }, counterpartyName: "Northwind Utilities" });

  // The app page shows the same figure.
  const apps = (await (await dev.request.get("/api/apps")).json()) as { id: string; name: string }[];
  await dev.goto(`/apps/${apps.find((a) => a.name === QUICK_START)!.id}`);
  // The sandbox accounts card lists the account with its balance (the grant summary names it too, without one).
  const row = dev.getByRole("listitem").filter({ hasText: account.accountId }).filter({ hasText: formatMoney(beforeMinor - 12_34, account.currency) });
  await expect(row).toHaveCount(1);
  await row.scrollIntoViewIfNeeded();
  await dev.screenshot({ path: `${test.info().outputDir}/sandbox-bank-app-page-1280.png`, fullPage: false });
  await dev.setViewportSize({ width: 390, height: 844 });
  await row.scrollIntoViewIfNeeded();
  await dev.screenshot({ path: `${test.info().outputDir}/sandbox-bank-app-page-390.png`, fullPage: false });
});

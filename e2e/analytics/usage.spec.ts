// Usage analytics from rollups: a developer's usage page draws per-operation
// charts from seeded traffic, and the compliance console shows a busy app's
// last 24 hours at once. The traffic is stored through the request-log store
// (lib/testing/request-logs.ts), the same code as the gateway's writer, so
// the rollups are written with it.
import { expect, test } from "@playwright/test";
import "../support/suite-database";
import { expectAccessible } from "../support/axe";
import { signInWithApi } from "../support/users";
import { makeUser, TEST_PASSWORD } from "../../lib/testing/factories";
import { makeApprovedApp } from "../../lib/testing/compliance-fixtures";
import { storeRequestLogs, type TestLog } from "../../lib/testing/request-logs";

const OPERATIONS = [
  { apiSlug: "accounts", apiVersion: "2.1.0", operationId: "listAccounts", share: 6 },
  { apiSlug: "accounts", apiVersion: "2.1.0", operationId: "getBalances", share: 3 },
  { apiSlug: "payments", apiVersion: "1.4.0", operationId: "createPayment", share: 1 },
];

async function busyApp() {
  const dev = await makeUser({ role: "developer" });
  const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id, name: `Busy ${Date.now().toString(36)}` });
  const now = Date.now();
  const logs: TestLog[] = [];
  // 2,000 calls in the last 20 hours and 1,000 spread over the 5 days before yesterday.
  for (let i = 0; i < 3000; i++) {
    const op = OPERATIONS[i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2]!;
    const at = i < 2000 ? now - (i / 2000) * 20 * 3_600_000 : now - 86_400_000 * (2 + ((i - 2000) / 1000) * 5);
    logs.push({
      at: new Date(at),
      appId: app.id,
      organisationId: app.organisationId,
      apiSlug: op.apiSlug,
      apiVersion: op.apiVersion,
      operationId: op.operationId,
      status: i % 25 === 0 ? 500 : i % 10 === 7 ? 404 : 200,
      latencyMs: 2 + (i % 40),
    });
  }
  for (let i = 0; i < logs.length; i += 1000) await storeRequestLogs(logs.slice(i, i + 1000));
  return { dev, app, last24h: 2000 };
}

test("the usage page draws per-operation charts from seeded traffic; the compliance console shows the busy app's traffic", async ({ browser }) => {
  const { dev, app, last24h } = await busyApp();

  const devContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await devContext.newPage();
  await signInWithApi(page.request, dev.user.email, TEST_PASSWORD);
  await page.goto(`/usage?days=14&appId=${app.id}`);
  const card = page.locator("section", { has: page.getByRole("heading", { name: app.name }) });
  await expect(card.getByTestId("app-usage-summary")).toContainText("3,000 calls");
  const charts = card.getByTestId("operation-charts");
  await expect(charts.getByText("Calls per operation")).toBeVisible();
  // recharts draws one bar per operation and series: the busiest operation first.
  await expect(charts.locator(".recharts-bar-rectangle").first()).toBeVisible();
  expect(await charts.locator(".recharts-bar-rectangle").count()).toBeGreaterThanOrEqual(OPERATIONS.length);
  await expect(charts.locator(".recharts-wrapper").first()).toContainText("listAccounts");
  const table = card.getByRole("table", { name: `Usage of ${app.name} by API and operation` });
  await expect(table.getByRole("row", { name: /listAccounts\s+1,800/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /createPayment\s+300/ })).toBeVisible();
  await expect(card.getByText(/Status codes: 2xx \d+/)).toBeVisible();
  // Calls per exact status code (RequestRollupStatus): 1 call in 25 answered 500, 1 in 10 answered 404.
  const codes = card.getByTestId("status-codes");
  await expect(codes.getByRole("row", { name: /^200 2,580 86\.0%/ })).toBeVisible();
  await expect(codes.getByRole("row", { name: /^404 300 10\.0%/ })).toBeVisible();
  await expect(codes.getByRole("row", { name: /^500 120 4\.0%/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("usage-1280.png"), fullPage: true });
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(charts.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("usage-390.png"), fullPage: true });

  const officer = await makeUser({ role: "compliance" });
  const officerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const console_ = await officerContext.newPage();
  await signInWithApi(console_.request, officer.user.email, TEST_PASSWORD);
  await console_.goto(`/compliance/apps/${app.id}`);
  await expect(console_.getByTestId("traffic-calls")).toHaveText(String(last24h));
  await expect(console_.getByTestId("hourly-traffic").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(console_.getByTestId("traffic-operations").getByRole("row").nth(1)).toContainText("listAccounts");
  const lastDay = console_.getByTestId("status-codes");
  await expect(lastDay.getByRole("row", { name: /^200 1,720 / })).toBeVisible();
  await expect(lastDay.getByRole("row", { name: /^404 200 / })).toBeVisible();
  await expect(lastDay.getByRole("row", { name: /^500 80 / })).toBeVisible();
  await console_.screenshot({ path: test.info().outputPath("compliance-1280.png"), fullPage: true });
  await expectAccessible(console_);
  await console_.setViewportSize({ width: 390, height: 844 });
  await console_.screenshot({ path: test.info().outputPath("compliance-390.png"), fullPage: true });
  await devContext.close();
  await officerContext.close();
});

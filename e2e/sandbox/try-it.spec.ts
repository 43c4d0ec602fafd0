import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe";
import { DEMO, demoPage } from "../support/users";

const ACCOUNTS_API = "Accounts and Transactions API";
const QUICK_START = "Quick start (sandbox)";

/** Registers an app through the UI with only transactions:read on the Accounts API, and has the admin approve it. */
async function approvedNarrowApp(dev: Page, admin: Page): Promise<string> {
  const name = `Transactions only ${randomBytes(3).toString("hex")}`;
  await dev.goto("/apps/new");
  await dev.getByLabel("App name").fill(name);
  await dev.getByRole("checkbox", { name: new RegExp(ACCOUNTS_API) }).check();
  await dev.getByRole("group", { name: `Scopes for ${ACCOUNTS_API}` }).getByRole("checkbox", { name: /transactions:read/ }).check();
  await dev.getByRole("group", { name: "Sandbox accounts" }).getByRole("checkbox").nth(0).check();
  await dev.getByLabel("Justification").fill("Shows recent transactions; needs no account details.");
  await dev.getByRole("button", { name: "Submit for review" }).click();
  await expect(dev).toHaveURL(/\/apps\/(?!new$)[a-z0-9]+$/);
  const appId = new URL(dev.url()).pathname.split("/").pop()!;
  const apps = (await (await dev.request.get("/api/apps")).json()) as { id: string; openRequest: { id: string } | null }[];
  const requestId = apps.find((a) => a.id === appId)!.openRequest!.id;
  const approved = await admin.request.post(`/api/admin/apps/${appId}/requests/${requestId}/approve`);
  expect(approved.status(), await approved.text()).toBe(200);
  return name;
}

test("a developer tries the sandbox from the docs as their approved app, and an app lacking the scope sees why it was refused", async ({ browser }) => {
  test.setTimeout(120_000);
  const dev = await demoPage(browser, DEMO.developer);
  const admin = await demoPage(browser, DEMO.admin);
  const narrow = await approvedNarrowApp(dev, admin);

  await dev.goto("/apis/accounts/2.1.0/docs");
  await expect(dev.getByRole("heading", { name: "Try it in the sandbox" })).toBeVisible();
  const picker = dev.getByLabel("Try as app");
  await expect(picker.locator("option", { hasText: QUICK_START })).toHaveCount(1);
  await picker.selectOption({ label: QUICK_START });
  await expect(dev.getByText("Approved scopes:")).toBeVisible();
  await dev.getByLabel("Operation").selectOption("GET /accounts");
  await dev.getByRole("button", { name: "Send request" }).click();

  const response = dev.getByTestId("try-it-response");
  await expect(response.getByText("200", { exact: true })).toBeVisible();
  await expect(response.locator("pre")).toContainText('"accountId"');
  await expect(response.getByRole("alert")).toHaveCount(0);
  await dev.screenshot({ path: "test-results/sandbox-try-it-200.png", fullPage: false });

  // The same call as an app whose grant has transactions:read only.
  await picker.selectOption({ label: narrow });
  await dev.getByRole("button", { name: "Send request" }).click();
  await expect(response.getByText("403", { exact: true })).toBeVisible();
  const alert = response.getByRole("alert");
  await expect(alert).toContainText("The app's grant lacks the scope accounts:read that listAccounts requires");
  await expect(alert).toContainText("scope accounts:read is not in the app's grant for Accounts and Transactions API 2.1.0");
  await expect(alert).toContainText("Ask for it in a change request");
  await response.scrollIntoViewIfNeeded();
  await dev.screenshot({ path: "test-results/sandbox-try-it-403.png", fullPage: false });

  // No token or secret ever reached the page.
  expect(await dev.content()).not.toMatch(/pat_|pcs_/);
  await expectAccessible(dev, [".elements-container"]);
});

test("the try-it proxy refuses another organisation's app as not found", async ({ browser }) => {
  const acme = await demoPage(browser, DEMO.developer);
  const apps = (await (await acme.request.get("/api/apps")).json()) as { id: string; name: string; status: string }[];
  const quickStart = apps.find((a) => a.name === QUICK_START)!;
  expect((await acme.request.get(`/api/try/${quickStart.id}/accounts/2.1.0/accounts`)).status()).toBe(200);

  const globex = await demoPage(browser, DEMO.otherDeveloper);
  const foreign = await globex.request.get(`/api/try/${quickStart.id}/accounts/2.1.0/accounts`);
  expect(foreign.status()).toBe(404);
  expect(await foreign.json()).toEqual({ type: "https://portico.dev/problems/not_found", title: "Not found", status: 404, detail: "App not found", code: "not_found" });
});

// The docs page's try-it panel, driven as a developer does: choose the app,
// the operation and its parameters, send, read the answer.
import { expect, type Page } from "@playwright/test";

/** Opens an API version's docs with try-it set to one of the developer's apps. */
export async function openDocs(page: Page, api: string, appName: string) {
  await page.goto(`/apis/${api}/docs`);
  await page.getByLabel("Try as app").selectOption({ label: appName });
  await expect(page.getByText("Approved scopes:")).toBeVisible();
}

/** Sends one try-it request from the docs page and returns the parsed JSON answer. */
export async function tryIt(page: Page, options: { operation: string; params?: Record<string, string>; body?: unknown; status: number }) {
  await page.getByLabel("Operation").selectOption(options.operation);
  for (const [label, value] of Object.entries(options.params ?? {})) {
    await page.getByLabel(label).fill(value);
    await expect(page.getByLabel(label)).toHaveValue(value);
  }
  if (options.body !== undefined) await page.getByLabel("Request body (JSON)").fill(JSON.stringify(options.body, null, 2));
  await page.getByRole("button", { name: "Send request" }).click();
  const response = page.getByTestId("try-it-response");
  await expect(response.getByText(String(options.status), { exact: true })).toBeVisible();
  return JSON.parse(await response.locator("pre").innerText()) as Record<string, any>;
}

// The docs page on a phone and a desktop: no horizontal scroll at 390 px,
// navigation collapsed, accessible with Elements' markup included, exactly
// one try-it (the portal's, with its approved app preselected), copy as
// curl, and Elements' bundle pre-compressed with brotli.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe";
import { DEMO, demoPage } from "../support/users";

const DOCS = "/apis/payments/1.2.0/docs";
const shot = (page: Page, name: string) => page.screenshot({ path: `${process.env.PLAYWRIGHT_OUTPUT_DIR ?? "test-results"}/docs-${name}.png`, fullPage: false });

async function openDocs(page: Page, hash = "") {
  await page.goto(`${DOCS}${hash}`);
  const elements = page.getByTestId("elements-container");
  await expect(elements.locator("elements-api")).toBeAttached();
  await expect(elements.getByRole("heading", { name: "Payments API" }).first()).toBeVisible({ timeout: 60_000 });
  return elements;
}

/**
 * Elements' markup checked like ours, except (each with its reason):
 * none today. Listed here so an exclusion is a decision someone wrote down.
 */
const ELEMENTS_EXCLUSIONS: string[] = [];

test("at 390 px the docs page has no horizontal scroll, collapses its navigation and passes axe", async ({ browser }) => {
  const page = await demoPage(browser, DEMO.developer);
  await page.setViewportSize({ width: 390, height: 844 });
  const elements = await openDocs(page);
  const scrollWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(await scrollWidth()).toBeLessThanOrEqual(390);
  // The sidebar is collapsed: its operation links are not on screen until the menu opens.
  await expect(elements.getByRole("link", { name: "Initiate a payment" })).toBeHidden();
  await shot(page, "390-overview");
  // An operation's page, with its schemas and code samples, fits too.
  await page.goto(`${DOCS}#/operations/createDomesticPayment`);
  await expect(elements.getByRole("heading", { name: "Initiate a payment" }).first()).toBeVisible({ timeout: 60_000 });
  expect(await scrollWidth()).toBeLessThanOrEqual(390);
  await shot(page, "390-operation");
  await expectAccessible(page, ELEMENTS_EXCLUSIONS);
});

test("on a desktop: exactly one try-it, the approved app preselected, status, timing, headers and copy as curl", async ({ browser }) => {
  const page = await demoPage(browser, DEMO.developer);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.setViewportSize({ width: 1280, height: 900 });
  const elements = await openDocs(page, "#/operations/createDomesticPayment");
  await expect(elements.getByRole("heading", { name: "Initiate a payment" }).first()).toBeVisible({ timeout: 60_000 });
  // Elements' own "Send API Request" is hidden: one try-it remains.
  await expect(elements.getByRole("button", { name: /Send API Request/i })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send request" })).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "Try it in the sandbox" })).toHaveCount(1);
  // Elements' code samples show the sandbox's own URL, not the portal's proxy.
  await expect(elements.getByText(/\/sandbox\/payments\/1\.2\.0/).first()).toBeVisible();
  await expect(elements.getByText("/api/try/")).toHaveCount(0);

  // The approved app is preselected.
  const picker = page.getByLabel("Try as app");
  await expect(picker).not.toHaveValue("");
  await expect(page.getByText("Approved scopes:")).toBeVisible();

  // Prefer: code=422 answers problem+json, shown with status, timing and headers.
  await page.getByLabel("Operation").selectOption("POST /payments");
  await page.getByLabel("Prefer (optional)").fill("code=422");
  await page.getByRole("button", { name: "Send request" }).click();
  const response = page.getByTestId("try-it-response");
  await expect(response.getByText("422", { exact: true })).toBeVisible();
  await expect(response.getByRole("alert")).toBeVisible();
  await expect(response.getByTestId("try-it-timing")).toHaveText(/^\d+ ms$/);
  await response.getByText(/^Response headers \(\d+\)$/).click();
  await expect(response.getByTestId("try-it-headers")).toContainText("application/problem+json");

  await page.getByRole("button", { name: "Copy as curl" }).click();
  await expect(page.getByText("Copied: set ACCESS_TOKEN")).toBeVisible();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toMatch(/^curl -X POST 'http:\/\/localhost:\d+\/sandbox\/payments\/1\.2\.0\/payments' \\\n {2}-H "Authorization: Bearer \$ACCESS_TOKEN"/);
  expect(curl).toContain("-H 'prefer: code=422'");
  expect(curl).toContain("--data '{");
  expect(curl).not.toMatch(/Bearer [A-Za-z0-9._-]{20,}/);
  await response.scrollIntoViewIfNeeded();
  await shot(page, "desktop-try-it");
  await expectAccessible(page, ELEMENTS_EXCLUSIONS);
});

test("Elements' bundle comes brotli-compressed under a content hash, cached as immutable; gzip for browsers without brotli", async ({ browser }) => {
  const page = await demoPage(browser, DEMO.developer);
  const bundle = page.waitForResponse((r) => r.url().includes("/api/catalog/elements/web-components.min.js"));
  await openDocs(page);
  const served = await bundle;
  expect(served.url()).toMatch(/\?v=[0-9a-f]{16}$/);
  const headers = await served.allHeaders();
  expect(headers["content-encoding"]).toBe("br");
  expect(headers["cache-control"]).toBe("private, max-age=31536000, immutable");
  expect(headers.vary).toMatch(/accept-encoding/i);
  const onWire = Number(headers["content-length"]);
  expect(onWire).toBeLessThan(500_000);
  const gzip = await page.request.get(served.url(), { headers: { "accept-encoding": "gzip" } });
  expect(gzip.headers()["content-encoding"]).toBe("gzip");
  expect(Number(gzip.headers()["content-length"])).toBeGreaterThan(onWire);
  console.log(`Elements bundle on the wire: brotli ${onWire} B, gzip ${gzip.headers()["content-length"]} B`);
});

// The docs page on a phone and a desktop: no horizontal scroll at 390 px,
// navigation collapsed, accessible with Elements' markup included, exactly
// one try-it (the portal's, with its approved app preselected), copy as
// curl, and Elements' bundle pre-compressed with brotli.
import AxeBuilder from "@axe-core/playwright";
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
 * Elements' markup is checked too, with these rules set aside for it alone,
 * each for a reason in its upstream markup that no option or stylesheet of
 * ours changes. Everything else in it, and all of our page, must pass.
 */
const ELEMENTS_RULE_EXCEPTIONS: Record<string, string> = {
  "aria-command-name": "schema trees' expand toggles are role=button divs without a name",
  "aria-required-attr": "its sidebar group titles are role=heading divs without aria-level",
  "button-name": "icon-only buttons (copy a code sample, open the sidebar) carry no label",
  "scrollable-region-focusable": "the code samples' scroller is not focusable by keyboard",
  "aria-hidden-focus": "its select boxes (media type, example) keep a focusable control inside an aria-hidden wrapper",
  "aria-valid-attr-value": "its response-code tabs (react-aria) point aria-controls at panels not rendered until chosen",
};

async function expectDocsAccessible(page: Page) {
  // Our page, Elements' container aside: no exception at all.
  await expectAccessible(page, ['[data-testid="elements-container"]']);
  // Elements' markup: every rule but the listed ones.
  const results = await new AxeBuilder({ page })
    .include('[data-testid="elements-container"]')
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .disableRules(Object.keys(ELEMENTS_RULE_EXCEPTIONS))
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(bad).toEqual([]);
}

test("at 390 px the docs page has no horizontal scroll, collapses its navigation and passes axe", async ({ browser }) => {
  const page = await demoPage(browser, DEMO.developer);
  await page.setViewportSize({ width: 390, height: 844 });
  const elements = await openDocs(page);
  const scrollWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(await scrollWidth()).toBeLessThanOrEqual(390);
  // The sidebar is collapsed: its operation links are not on screen until the menu opens.
  await expect(elements.getByRole("link", { name: "Initiate a payment" })).toBeHidden();
  await elements.scrollIntoViewIfNeeded();
  await shot(page, "390-overview");
  // An operation's page, with its schemas and code samples, fits too.
  await page.goto(`${DOCS}#/operations/createDomesticPayment`);
  await expect(elements.getByRole("heading", { name: "Initiate a payment" }).first()).toBeVisible({ timeout: 60_000 });
  expect(await scrollWidth()).toBeLessThanOrEqual(390);
  await elements.getByRole("heading", { name: "Initiate a payment" }).first().scrollIntoViewIfNeeded();
  await shot(page, "390-operation");
  await expectDocsAccessible(page);
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

  // Prefer: code=404 answers problem+json, shown with status, timing and headers.
  await page.getByLabel("Operation").selectOption("GET /payments/{paymentId}");
  await page.getByLabel("paymentId (path, required)").fill("pmt_unknown1");
  await page.getByLabel("Prefer (optional)").fill("code=404");
  await page.getByRole("button", { name: "Send request" }).click();
  const response = page.getByTestId("try-it-response");
  await expect(response.getByText("404", { exact: true })).toBeVisible();
  await expect(response.getByRole("alert")).toBeVisible();
  await expect(response.getByTestId("try-it-timing")).toHaveText(/^\d+ ms$/);
  await response.getByText(/^Response headers \(\d+\)$/).click();
  await expect(response.getByTestId("try-it-headers")).toContainText("application/problem+json");

  await page.getByRole("button", { name: "Copy as curl" }).click();
  await expect(page.getByText("Copied: set ACCESS_TOKEN")).toBeVisible();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toMatch(/^curl -X GET 'http:\/\/localhost:\d+\/sandbox\/payments\/1\.2\.0\/payments\/pmt_unknown1' \\\n {2}-H "Authorization: Bearer \$ACCESS_TOKEN"/);
  expect(curl).toContain("-H 'prefer: code=404'");
  expect(curl).not.toContain("--data");
  expect(curl).not.toMatch(/Bearer [A-Za-z0-9._-]{20,}/);
  await response.scrollIntoViewIfNeeded();
  await shot(page, "desktop-try-it");
  await expectDocsAccessible(page);
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

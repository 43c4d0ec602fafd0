import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe";
import { DEMO, demoPage } from "../support/users";

// A NextGenPSD2-style spec as the bank wrote it: http bearer, no scopes, account-id and IBANs.
const FIXTURE = readFileSync(path.join(process.cwd(), "lib", "testing", "data", "berlin-group-ais-pis.yaml"), "utf8");

async function shot(page: Page, name: string) {
  for (const [label, width] of [["desktop", 1280], ["phone", 390]] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`specs-as-written-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin uploads a spec with its own security scheme and no scopes, reviews the defaults and account identifiers, confirms and publishes", async ({ browser }) => {
  const slug = `psd2-e2e-${Date.now().toString(36)}`;
  const spec = FIXTURE.replace("  version: 1.3.12\n", `  version: 1.3.12\n  x-portico-slug: ${slug}\n`);
  const page = await demoPage(browser, DEMO.admin);
  await page.goto("/admin/catalog");
  await page.getByLabel("OpenAPI spec (YAML or JSON)").setInputFiles({ name: "psd2.yaml", mimeType: "application/yaml", buffer: Buffer.from(spec) });
  await page.getByRole("button", { name: "Publish spec" }).click();

  const review = page.getByRole("region", { name: /Review NextGenPSD2 Style XS2A 1\.3\.12/ });
  await expect(review).toBeVisible();
  // The proposed default scopes, editable.
  await expect(review.getByLabel("Scopes for GET /v1/accounts", { exact: true })).toHaveValue(`${slug}:read`);
  const payScopes = review.getByLabel("Scopes for POST /v1/payments/sepa-credit-transfers");
  await expect(payScopes).toHaveValue(`${slug}:write`);
  // The proposed account identifiers, with why.
  await expect(review.getByText("body debtorAccount.iban")).toBeVisible();
  await expect(review.getByText("body creditorAccount.iban")).toBeVisible();
  await expect(review.getByText('"account-id" names an account')).toBeVisible();
  await expectAccessible(page);
  await shot(page, "review");

  // The admin changes a scope and leaves out the payee's IBAN.
  await payScopes.fill("payments:initiate");
  await review.getByRole("listitem").filter({ hasText: "creditorAccount.iban" }).getByRole("checkbox").uncheck();
  await review.getByRole("button", { name: "Confirm and publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published" })).toContainText("Published NextGenPSD2 Style XS2A 1.3.12 with 3 operations.");
  await expect(review).toHaveCount(0);
  await shot(page, "published");

  // What was stored: the changed scope on the operation, the default on the others.
  const detail = await page.request.get(`/api/catalog/apis/${slug}/versions/1.3.12`);
  expect(detail.status()).toBe(200);
  const body = JSON.stringify(await detail.json());
  expect(body).toContain("payments:initiate");
  expect(body).toContain(`${slug}:read`);
  await page.close();
});

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

  // It needs a decision (account identifiers to confirm): kept as a draft and reviewed on its page.
  await expect(page).toHaveURL(/\/admin\/catalog\/drafts\/[^/]+$/);
  const review = page.getByRole("region", { name: /Review NextGenPSD2 Style XS2A 1\.3\.12/ });
  await expect(review).toBeVisible();
  await expect(review.getByRole("list", { name: "Missing decisions" })).toContainText("confirm or correct the 3 proposed account identifiers");
  await expect(review.getByTestId("score")).toHaveText(/^\d+$/);
  // The proposed default scopes, editable.
  await expect(review.getByLabel("Scopes for GET /v1/accounts", { exact: true })).toHaveValue(`${slug}:read`);
  const payScopes = review.getByLabel("Scopes for POST /v1/payments/sepa-credit-transfers");
  await expect(payScopes).toHaveValue(`${slug}:write`);
  // The proposed account identifiers, with why.
  await expect(review.getByText("body debtorAccount.iban", { exact: true })).toBeVisible();
  await expect(review.getByText("body creditorAccount.iban", { exact: true })).toBeVisible();
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

test("a draft kept from CI: the admin opens it from the catalogue, sees what is missing, decides and publishes; another is discarded", async ({ browser }) => {
  const slug = `psd2-draft-${Date.now().toString(36)}`;
  const spec = (version: string) => FIXTURE.replace("  version: 1.3.12\n", `  version: ${version}\n  x-portico-slug: ${slug}\n`);
  const page = await demoPage(browser, DEMO.admin);
  await page.goto("/admin/catalog");
  await page.getByLabel("Token name").fill(`CI ${slug}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-management-token").textContent())!.trim();

  // The bank's CI sends two versions without an overlay: both are kept as drafts, 409 naming each.
  const drafts: string[] = [];
  for (const version of ["1.3.12", "1.4.0"]) {
    const answer = await page.request.post("/api/management/specs", { data: spec(version), headers: { authorization: `Bearer ${token}`, "content-type": "application/yaml" } });
    expect(answer.status(), await answer.text()).toBe(409);
    const problem = (await answer.json()) as { code: string; draft: { id: string; url: string } };
    expect(problem.code).toBe("decision_required");
    expect(problem.draft.url).toContain(`/admin/catalog/drafts/${problem.draft.id}`);
    drafts.push(problem.draft.id);
  }
  // Not published: developers do not see it.
  const developer = await demoPage(browser, DEMO.developer);
  expect((await developer.request.get(`/api/catalog/apis/${slug}`)).status()).toBe(404);

  await page.goto("/admin/catalog");
  const list = page.getByRole("list", { name: /Drafts waiting for a decision/ });
  // Found by its slug: other tests keep drafts of the same spec.
  const listed = list.getByRole("listitem").filter({ hasText: slug });
  await expect(listed).toHaveCount(2);
  await listed.getByRole("link", { name: "NextGenPSD2 Style XS2A 1.3.12" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/catalog/drafts/${drafts[0]}$`));
  await expect(page.getByText("the management endpoint (CI)")).toBeVisible();
  const review = page.getByRole("region", { name: /Review NextGenPSD2 Style XS2A 1\.3\.12/ });
  await expect(review.getByRole("list", { name: "Missing decisions" })).toBeVisible();
  await expect(review.getByLabel("Scopes for GET /v1/accounts", { exact: true })).toHaveValue(`${slug}:read`);
  await expect(review.getByText("body creditorAccount.iban", { exact: true })).toBeVisible();
  await expect(review.getByTestId("score")).toHaveText(/^\d+$/);
  await expectAccessible(page);
  await shot(page, "draft");

  // Decides: the payee's IBAN is not the caller's account.
  await review.getByRole("listitem").filter({ hasText: "creditorAccount.iban" }).getByRole("checkbox").uncheck();
  await review.getByRole("button", { name: "Confirm and publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published" })).toContainText("Published NextGenPSD2 Style XS2A 1.3.12 with 3 operations.");
  await shot(page, "draft-published");
  expect((await developer.request.get(`/api/catalog/apis/${slug}/versions/1.3.12`)).status()).toBe(200);

  // The other draft is discarded: gone from the list, never published.
  await page.goto(`/admin/catalog/drafts/${drafts[1]}`);
  await page.getByRole("button", { name: "Discard draft" }).click();
  await page.getByRole("button", { name: "Discard", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/catalog$/);
  await expect(page.getByRole("heading", { name: "APIs", exact: false }).first()).toBeVisible();
  await expect(page.locator(`a[href="/admin/catalog/drafts/${drafts[1]}"]`)).toHaveCount(0);
  expect((await developer.request.get(`/api/catalog/apis/${slug}/versions/1.4.0`)).status()).toBe(404);
  await developer.close();
  await page.close();
});

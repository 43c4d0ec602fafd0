import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe";
import { DEMO, demoPage } from "../support/users";

const OUT = process.env.PLAYWRIGHT_OUTPUT_DIR ?? "test-results";

/** The page at desktop and phone widths, for a person to look at. */
async function shots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${OUT}/scorecard-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const slug = `e2e-score-${Date.now().toString(36)}`;
const operation = (path: string, id: string) => `  ${path}:
    get:
      operationId: ${id}
      summary: ${id}
      security: [{ bankOAuth: [statements:read] }]
      responses:
        "200":
          description: OK
          content:
            application/json:
              example: { data: [] }
`;
const spec = (version: string, ops: string) => `openapi: 3.0.3
info:
  title: E2E Scored API ${slug}
  version: ${version}
  x-portico-slug: ${slug}
servers: [{ url: "http://api.bank.example" }]
paths:
${ops}components:
  securitySchemes:
    bankOAuth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: http://localhost:4000/oauth2/token
          scopes: { statements:read: Read statements }
`;

test("an admin sees the scorecard pending on upload, then its findings; a developer sees the score and the changelog between two versions", async ({ browser }) => {
  const admin = await demoPage(browser, DEMO.admin);
  await admin.goto("/admin/catalog");
  const upload = async (text: string) => {
    await admin.getByLabel("OpenAPI spec (YAML or JSON)").setInputFiles({ name: "scored.yaml", mimeType: "application/yaml", buffer: Buffer.from(text) });
    await admin.getByRole("button", { name: "Publish spec" }).click();
  };

  await upload(spec("1.0.0", operation("/statements", "listStatements") + operation("/statements/summary", "statementSummary")));
  await expect(admin.getByRole("status").filter({ hasText: "Published" })).toContainText(`Published E2E Scored API ${slug} 1.0.0 with 2 operations.`);
  // The bank's scorecard rule does not block (the default): served at once, Spectral runs after.
  const card = admin.getByRole("region", { name: "Scorecard" });
  await expect(card.getByTestId("scorecard-progress")).toContainText("scorecard pending");
  await shots(admin, "upload");

  await card.getByRole("link", { name: "Every finding, with its place in the spec" }).click();
  await expect(admin).toHaveURL(new RegExp(`/apis/${slug}/1\\.0\\.0$`));
  // Until it lands the page says so; reloaded, it shows the score and the findings.
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByRole("heading", { name: /Scorecard findings/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 180_000 });
  await expect(admin.getByTestId("score")).toHaveText(/^\d{1,3}$/);
  await expect(admin.getByText(/Passes \d+ of \d+ OpenAPI and OWASP API Security rules/)).toBeVisible();
  await expect(admin.getByRole("table", { name: "Rules the spec breaks" })).toContainText("owasp:api8:2023-no-server-http");
  await admin.getByText(/Every finding with its place in the spec/).click();
  await expect(admin.getByRole("list", { name: "Findings", exact: true })).toContainText("/servers/0/url");
  await expectAccessible(admin);
  await shots(admin, "admin-findings");

  // Version 2.0.0 drops an operation (breaking) and adds one.
  await admin.goto("/admin/catalog");
  await upload(spec("2.0.0", operation("/statements", "listStatements") + operation("/statements/latest", "latestStatement")));
  await expect(admin.getByRole("status").filter({ hasText: "Published" })).toContainText(`Published E2E Scored API ${slug} 2.0.0 with 2 operations. 1 breaking change since 1.0.0.`);
  await admin.close();

  const developer = await demoPage(browser, DEMO.developer);
  await developer.goto(`/apis/${slug}`);
  await expect(developer.getByRole("heading", { level: 1, name: `E2E Scored API ${slug}` })).toBeVisible();
  await expect(developer.getByRole("heading", { name: "Scorecard" })).toBeVisible();
  // 2.0.0's scorecard may still be pending: the page says so until it lands.
  await expect(async () => {
    await developer.reload();
    await expect(developer.getByTestId("score")).toHaveText(/^\d{1,3}$/, { timeout: 1_000 });
  }).toPass({ timeout: 180_000 });
  // The findings are for the bank's admins.
  await expect(developer.getByRole("heading", { name: /Scorecard findings/ })).toHaveCount(0);
  const changelog = developer.getByRole("region", { name: "Changes from 1.0.0 to 2.0.0" });
  await expect(changelog).toBeVisible();
  await expect(changelog.getByText("1 breaking")).toBeVisible();
  await expect(changelog.getByRole("list", { name: "Breaking changes", exact: true })).toContainText("/paths/~1statements~1summary");
  await expect(changelog.getByRole("list", { name: "Non-breaking changes", exact: true })).toContainText("GET /statements/latest");
  await expectAccessible(developer);
  await shots(developer, "developer-changelog");
  await developer.close();
});

import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe";
import { DEMO, demoPage, registerDeveloper, signInWithApi } from "../support/users";

// Every name, slug and tag of the bundled catalogue: none may reach an anonymous caller.
const CATALOGUE_WORDS = [
  "Accounts and Transactions", "Payments API", "Cards API", "Customer Onboarding", "FX Rates", "Credit Decisioning",
  "accounts", "payments", "cards", "onboarding", "fx-rates", "credit-decisioning", "creditorIban", "Transactions", "Applications", "Quotes",
];

async function expectNoLeak(response: APIResponse) {
  const headers = Object.entries(response.headers()).map(([k, v]) => `${k}: ${v}`).join("\n");
  const body = await response.text();
  for (const word of CATALOGUE_WORDS) {
    expect(body, `${response.url()} body mentions ${word}`).not.toContain(word);
    expect(headers, `${response.url()} headers mention ${word}`).not.toContain(word);
  }
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/catalog-${name}.png`, fullPage: true });
}

const ANONYMOUS_CALLS: [string, string][] = [
  ["GET", "/api/catalog/apis"],
  ["GET", "/api/catalog/apis/payments"],
  ["GET", "/api/catalog/apis/credit-decisioning"],
  ["GET", "/api/catalog/apis/payments/versions/1.2.0"],
  ["GET", "/api/catalog/apis/payments/versions/1.2.0/spec?format=yaml"],
  ["GET", "/api/catalog/search?q=creditorIban"],
  ["GET", "/api/catalog/elements/web-components.min.js"],
  ["POST", "/api/admin/catalog/specs"],
  ["PUT", "/api/admin/catalog/apis/payments/visibility"],
  ["PUT", "/api/admin/catalog/apis/payments/versions/1.2.0/lifecycle"],
  ["GET", "/api/admin/catalog/tokens"],
  ["POST", "/api/admin/catalog/tokens"],
  ["DELETE", "/api/admin/catalog/tokens/x"],
  ["POST", "/api/management/specs"],
];

test("an anonymous visitor learns nothing; after sign-up, search finds an operation by a field name and its docs render", async ({ page, request }) => {
  for (const url of ["/apis", "/apis/search?q=creditorIban", "/apis/payments", "/apis/payments/1.2.0", "/apis/payments/1.2.0/docs", "/apis/credit-decisioning", "/admin/catalog"]) {
    await page.goto(url);
    // Back to the page asked for after sign-in (the deep link survives).
    await expect(page, url).toHaveURL(new URL(`/signin?next=${encodeURIComponent(url)}`, page.url()).toString());
    // The visitor's own query is echoed in `next`; nothing of the catalogue is shown.
    for (const word of ["Payments API", "creditorIban", "Credit Decisioning"].filter((w) => !url.includes(w))) expect(await page.content()).not.toContain(word);
  }
  for (const [method, url] of ANONYMOUS_CALLS) {
    const response = await request.fetch(url, { method, data: method === "GET" || method === "DELETE" ? undefined : "openapi: 3.0.3", headers: { "content-type": "application/yaml" } });
    expect(response.status(), `${method} ${url}`).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    await expectNoLeak(response);
  }

  const developer = await registerDeveloper(request, "catalogue");
  await signInWithApi(page.request, developer.email, developer.password);
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "APIs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Payments API" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Accounts and Transactions API" })).toBeVisible();
  // The restricted API is Acme's only.
  await expect(page.getByText("Credit Decisioning API")).toHaveCount(0);
  await expectAccessible(page);
  await shot(page, "list");
  await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Cards" }).click();
  await expect(page.getByRole("heading", { name: "Cards API" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Payments API" })).toHaveCount(0);

  await page.getByRole("searchbox", { name: "Search APIs, operations and fields" }).fill("creditorIban");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/apis\/search\?q=creditorIban$/);
  const hit = page.getByRole("link", { name: /Initiate a payment/ });
  await expect(hit).toBeVisible();
  await expect(hit).toHaveAttribute("href", "/apis/payments/1.2.0/docs#/operations/createDomesticPayment");
  await expectAccessible(page);
  await shot(page, "search");

  // A typo still finds it.
  await page.goto("/apis/search?q=creditorIbna");
  await expect(page.getByRole("link", { name: /Initiate a payment/ })).toBeVisible();

  await page.goto("/apis/search?q=creditorIban");
  await page.getByRole("link", { name: /Initiate a payment/ }).click();
  await expect(page).toHaveURL(/\/apis\/payments\/1\.2\.0\/docs#\/operations\/createDomesticPayment$/);
  const elements = page.getByTestId("elements-container");
  // Rendered by Stoplight Elements: the operation's own page, with its title and path.
  await expect(elements.getByRole("heading", { name: "Initiate a payment" }).first()).toBeVisible({ timeout: 30_000 });
  await expect(elements.getByText("creditorIban").first()).toBeVisible();
  await expect(elements.getByText(/\/sandbox\/payments\/1\.2\.0/).first()).toBeVisible();
  // Our page around it is accessible; Elements' own markup is third-party (see README).
  await expectAccessible(page, ['[data-testid="elements-container"]']);
  await shot(page, "docs");

  const yaml = await page.request.get("/api/catalog/apis/payments/versions/1.2.0/spec?format=yaml");
  expect(yaml.status()).toBe(200);
  expect(yaml.headers()["content-disposition"]).toBe('attachment; filename="payments-1.2.0.yaml"');
  expect(await yaml.text()).toMatch(/servers:\n\s+- url: http:\/\/localhost:\d+\/sandbox\/payments\/1\.2\.0/);
});

test("the deprecated version stays reachable while the latest is the default", async ({ browser }) => {
  const page = await demoPage(browser, DEMO.developer);
  await page.goto("/apis/accounts");
  await expect(page.getByRole("heading", { level: 1, name: "Accounts and Transactions API" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Operations in 2.1.0" })).toBeVisible();
  await page.getByRole("link", { name: "1.4.0" }).click();
  await expect(page.getByRole("heading", { name: "Operations in 1.4.0" })).toBeVisible();
  // The demo seed deprecates it with a sunset date 180 days out.
  await expect(page.getByText(/^Version 1\.4\.0 is deprecated and stops working on \d{4}-\d{2}-\d{2}\./)).toBeVisible();
  await expectAccessible(page);
  await shot(page, "deprecated");
});

test("a restricted API is invisible to another organisation: list, search, direct URLs", async ({ browser }) => {
  const page = await demoPage(browser, DEMO.otherDeveloper);
  await page.goto("/apis");
  await expect(page.getByRole("heading", { name: "Payments API" })).toBeVisible();
  await expect(page.getByText("Credit Decisioning")).toHaveCount(0);
  await page.goto("/apis/search?q=credit%20check");
  await expect(page.getByRole("heading", { level: 1, name: "Search APIs" })).toBeVisible();
  await expect(page.getByText("Credit Decisioning")).toHaveCount(0);
  await expect(page.getByText("createCreditCheck")).toHaveCount(0);
  for (const url of ["/apis/credit-decisioning", "/apis/credit-decisioning/1.0.0", "/apis/credit-decisioning/1.0.0/docs"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    expect(await page.content()).not.toContain("Credit Decisioning");
  }
  for (const url of ["/api/catalog/apis/credit-decisioning", "/api/catalog/apis/credit-decisioning/versions/1.0.0/spec?format=json"]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(404);
    expect(await response.text()).not.toContain("Credit");
  }
  const search = await page.request.get("/api/catalog/search?q=creditCheck");
  expect(JSON.stringify(await search.json())).not.toContain("credit-decisioning");

  // Acme, the named organisation, sees it.
  const acme = await demoPage(browser, DEMO.developer);
  await acme.goto("/apis/search?q=credit%20check");
  await expect(acme.getByRole("link", { name: /Run a soft credit check/ })).toBeVisible();
  await acme.close();
});

test("admins publish with itemised errors and manage CI tokens; developers and compliance are refused every admin endpoint", async ({ browser }) => {
  for (const email of [DEMO.developer, DEMO.compliance]) {
    const other = await demoPage(browser, email);
    for (const [method, url] of ANONYMOUS_CALLS.filter(([, u]) => u.startsWith("/api/admin"))) {
      const response = await other.request.fetch(url, { method, data: method === "GET" || method === "DELETE" ? undefined : {}, headers: { "content-type": "application/json" } });
      expect(response.status(), `${email} ${method} ${url}`).toBe(404);
    }
    expect((await other.goto("/admin/catalog"))?.status()).toBe(404);
    await other.close();
  }

  const page = await demoPage(browser, DEMO.admin);
  await page.goto("/admin/catalog");
  await expect(page.getByRole("heading", { level: 1, name: "Catalogue" })).toBeVisible();
  await page.getByLabel("OpenAPI spec (YAML or JSON)").setInputFiles({ name: "broken.yaml", mimeType: "application/yaml", buffer: Buffer.from("openapi: 3.0.3\ninfo:\n  title: Broken\n  version: [1.0\n") });
  await page.getByRole("button", { name: "Publish spec" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("The spec is not valid YAML");
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/line \d+/);

  const slug = `e2e-${Date.now().toString(36)}`;
  const spec = (version: string) => `openapi: 3.0.3
info:
  title: E2E Statements API ${slug}
  version: ${version}
  x-portico-slug: ${slug}
paths:
  /statements:
    get:
      operationId: listStatements
      summary: List statements
      security: [{ bankOAuth: [statements:read] }]
      responses:
        "200":
          description: OK
          content:
            application/json:
              example: { data: [] }
components:
  securitySchemes:
    bankOAuth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: http://localhost:4000/oauth2/token
          scopes: { statements:read: Read statements }
`;
  const badMark = spec("1.0.0").replace("      summary: List statements\n", "      summary: List statements\n      parameters: [{ name: limit, in: query, schema: { type: integer }, x-portico-account: number }]\n");
  await page.getByLabel("OpenAPI spec (YAML or JSON)").setInputFiles({ name: "statements.yaml", mimeType: "application/yaml", buffer: Buffer.from(badMark) });
  await page.getByRole("button", { name: "Publish spec" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText('must be "id" or "iban"');
  await expect(page.getByRole("main").getByRole("alert")).toContainText("/paths/~1statements/get/parameters/0/x-portico-account");
  await shot(page, "admin-errors");

  await page.getByLabel("OpenAPI spec (YAML or JSON)").setInputFiles({ name: "statements.yaml", mimeType: "application/yaml", buffer: Buffer.from(spec("1.0.0")) });
  await page.getByRole("button", { name: "Publish spec" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published" })).toContainText(`Published E2E Statements API ${slug} 1.0.0 with 1 operations.`);
  await expect(page.getByRole("link", { name: `E2E Statements API ${slug}` })).toBeVisible();

  await page.getByLabel("Token name").fill(`CI ${slug}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-management-token").textContent())!.trim();
  expect(token).toMatch(/^pmt_/);
  await expectAccessible(page);
  await shot(page, "admin");

  const publish = (auth: string, body: string) => page.request.post("/api/management/specs", { data: body, headers: { authorization: auth, "content-type": "application/yaml" } });
  const viaCi = await publish(`Bearer ${token}`, spec("1.1.0"));
  expect(viaCi.status(), await viaCi.text()).toBe(201);
  expect((await publish(`Bearer ${token}`, spec("1.1.0"))).status()).toBe(200);

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Revoke CI ${slug}` }).click();
  await expect(page.getByRole("button", { name: `Revoke CI ${slug}` })).toHaveCount(0);
  const revoked = await publish(`Bearer ${token}`, spec("1.2.0"));
  expect(revoked.status()).toBe(401);
  expect(revoked.headers()["www-authenticate"]).toContain("Bearer");
});

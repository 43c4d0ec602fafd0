// Security headers in a real browser: a strict, nonce-based CSP on every
// main page that still lets them work (Next.js, the docs page's Stoplight
// Elements, try-it, the recharts charts, sign-in) with no CSP violation or
// console error; the try-it proxy that never runs a spec's HTML example on
// the portal's origin; and sign-in that never follows ?next= off-site.
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { HTML_EXAMPLE, PWNED_MARKER, htmlExampleSpec } from "../../lib/testing/html-example-spec";
import { DEMO, DEMO_PASSWORD, demoPage, signIn, type DemoEmail } from "../support/users";

// A browser always has a locale; without one Elements' Intl calls throw.
test.use({ locale: "en-GB" });

type Watched = { problems: string[] };

/** Records CSP violations (the DOM event, and Chromium's console report) and console errors. */
async function watch(page: Page): Promise<Watched> {
  const watched: Watched = { problems: [] };
  page.on("console", (message) => {
    if (message.type() === "error") watched.problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => watched.problems.push(`page error: ${error.message}`));
  await page.exposeFunction("__reportCsp", (text: string) => watched.problems.push(`csp: ${text}`));
  // Init scripts run outside the page's CSP, before its own scripts.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __reportCsp(t: string): void }).__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  return watched;
}

/** Signed in through the form (`form`: the sign-in page itself is under test) or with the session made once (sessions.setup.ts). */
async function signedIn(browser: Browser, email: DemoEmail, how: "form" | "session" = "session"): Promise<{ page: Page; watched: Watched }> {
  const page = how === "form" ? await (await browser.newContext()).newPage() : await demoPage(browser, email);
  const watched = await watch(page);
  if (how === "form") await signIn(page, email);
  return { page, watched };
}

test("every main page carries a strict nonce-based CSP and works under it, with no violation or console error", async ({ browser }) => {
  test.setTimeout(180_000);
  const anonymous = await (await browser.newContext()).newPage();
  const anonymousWatch = await watch(anonymous);
  const signin = await anonymous.goto("/signin");
  const policy = signin!.headers()["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24,}' 'strict-dynamic'/);
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(signin!.headers()).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY" });
  // Served over http here: no HSTS (RFC 6797 §7.2).
  expect(signin!.headers()["strict-transport-security"]).toBeUndefined();
  // Each response its own nonce, and the page's scripts carry it.
  const again = await anonymous.request.get("/signin");
  expect(again.headers()["content-security-policy"]).not.toBe(policy);
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  expect(await anonymous.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  expect(await anonymous.evaluate(() => [...document.scripts].filter((s) => s.nonce === "").length)).toBe(0);
  expect(nonce.length).toBeGreaterThanOrEqual(24);
  expect(anonymousWatch.problems).toEqual([]);

  // Sign-in itself works under the policy.
  const { page: dev, watched } = await signedIn(browser, DEMO.developer, "form");
  for (const path of ["/dashboard", "/apis", "/apis/accounts/2.1.0", "/apps", "/usage", "/logs", "/notifications"]) {
    const response = await dev.goto(path);
    expect(response!.status(), path).toBe(200);
    expect(response!.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
    await expect(dev.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // The docs page: Elements loads (a script added by a nonced one) and renders the operations.
  await dev.goto("/apis/accounts/2.1.0/docs");
  await expect(dev.locator("elements-api")).toBeAttached();
  const elements = dev.getByTestId("elements-container");
  await expect(elements.getByText("Overview").first()).toBeVisible({ timeout: 30_000 });
  await dev.goto("/apis/accounts/2.1.0/docs#/operations/listAccounts");
  await expect(elements.getByRole("heading", { name: "List accounts" }).first()).toBeVisible({ timeout: 30_000 });
  await dev.getByLabel("Try as app").selectOption({ label: "Quick start (sandbox)" });
  await dev.getByLabel("Operation").selectOption("GET /accounts");
  await dev.getByRole("button", { name: "Send request" }).click();
  await expect(dev.getByTestId("try-it-response").getByText("200", { exact: true })).toBeVisible();
  // One try-it: Elements' own request form is hidden (components/catalog/elements-docs.tsx).
  await expect(elements.getByRole("button", { name: "Send API Request" })).toHaveCount(0);
  await dev.screenshot({ path: "test-results/security-docs-under-csp.png", fullPage: false });

  // recharts draws the usage charts once the calls above are logged (written in batches).
  await expect(async () => {
    await dev.goto("/usage");
    await expect(dev.locator(".recharts-wrapper").first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  expect(watched.problems).toEqual([]);

  // Admin pages too.
  const { page: admin, watched: adminWatched } = await signedIn(browser, DEMO.admin);
  for (const path of ["/admin/apps", "/admin/catalog", "/admin/settings", "/compliance/audit"]) {
    expect((await admin.goto(path))!.status(), path).toBe(200);
    await expect(admin.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(adminWatched.problems).toEqual([]);
});

test("a spec's text/html example with a <script> never runs on the portal's origin through try-it", async ({ browser }) => {
  test.setTimeout(120_000);
  const slug = `receipts-${randomBytes(3).toString("hex")}`;
  const { page: admin } = await signedIn(browser, DEMO.admin);
  const published = await admin.request.post("/api/admin/catalog/specs", { headers: { "content-type": "application/json" }, data: JSON.stringify(htmlExampleSpec(slug)) });
  expect(published.status(), await published.text()).toBeLessThan(300);

  // A developer's app with the receipts scope, approved.
  const { page: dev, watched } = await signedIn(browser, DEMO.developer);
  const apiName = `Receipts ${slug}`;
  await dev.goto("/apps/new");
  await dev.getByLabel("App name").fill(`Receipts reader ${slug}`);
  await dev.getByRole("checkbox", { name: new RegExp(apiName) }).check();
  await dev.getByRole("group", { name: `Scopes for ${apiName}` }).getByRole("checkbox", { name: /receipts:read/ }).check();
  await dev.getByRole("group", { name: "Sandbox accounts" }).getByRole("checkbox").nth(0).check();
  await dev.getByLabel("Justification").fill("Shows receipts.");
  await dev.getByRole("button", { name: "Submit for review" }).click();
  await expect(dev).toHaveURL(/\/apps\/(?!new$)[a-z0-9]+$/);
  const appId = new URL(dev.url()).pathname.split("/").pop()!;
  const apps = (await (await dev.request.get("/api/apps")).json()) as { id: string; openRequest: { id: string } | null }[];
  const approved = await admin.request.post(`/api/admin/apps/${appId}/requests/${apps.find((a) => a.id === appId)!.openRequest!.id}/approve`);
  expect(approved.status(), await approved.text()).toBe(200);

  // What a browser navigating to the proxy gets: JSON, as a download.
  const url = `/api/try/${appId}/${slug}/1.0.0/receipt`;
  const direct = await dev.request.get(url, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
  expect(direct.status()).toBe(200);
  expect(direct.headers()["content-type"]).toBe("application/json");
  expect(direct.headers()).toMatchObject({ "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'; sandbox", "cache-control": "no-store" });
  expect(direct.headers()["content-disposition"]).toMatch(/^attachment/);
  expect(await direct.json()).toEqual({ status: 200, contentType: "text/html", body: HTML_EXAMPLE });

  // The browser itself, sent there (a link, a redirect): it downloads; nothing renders, nothing runs.
  await dev.goto("/dashboard");
  const downloading = dev.waitForEvent("download");
  await dev.goto(url).catch(() => undefined); // Playwright reports a navigation that became a download as an error
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("try-it-response.json");
  expect(await dev.evaluate((marker) => (window as unknown as Record<string, unknown>)[marker], PWNED_MARKER)).toBeUndefined();
  expect(await dev.title()).not.toBe("pwned");

  // In the panel the answer is text with its original type, never rendered.
  await dev.goto(`/apis/${slug}/1.0.0/docs`);
  await dev.getByLabel("Try as app").selectOption({ label: `Receipts reader ${slug}` });
  await dev.getByLabel("Operation").selectOption({ label: "GET /receipt — getReceiptHtml (text/html)" });
  await dev.getByRole("button", { name: "Send request" }).click();
  const response = dev.getByTestId("try-it-response");
  await expect(response.getByText("200", { exact: true })).toBeVisible();
  await expect(dev.getByTestId("try-it-wrapped")).toContainText("text/html");
  await expect(response.locator("pre")).toContainText(`window.${PWNED_MARKER} = true`);
  expect(await dev.evaluate((marker) => (window as unknown as Record<string, unknown>)[marker], PWNED_MARKER)).toBeUndefined();
  await response.scrollIntoViewIfNeeded();
  await dev.screenshot({ path: "test-results/security-try-it-wrapped-html.png", fullPage: false });
  expect(watched.problems).toEqual([]);
});

test("after sign-in, ?next= is followed only to a path on the portal", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const cases: [string, RegExp][] = [
    ["/%5Cevil.example", /\/dashboard$/],
    ["/%09/evil.example", /\/dashboard$/],
    ["/%0A/evil.example", /\/dashboard$/],
    ["//evil.example", /\/dashboard$/],
    ["https://evil.example", /\/dashboard$/],
    ["/apis/accounts/2.1.0", /\/apis\/accounts\/2\.1\.0$/],
  ];
  for (const [next, expected] of cases) {
    const page = await (await browser.newContext()).newPage();
    // Nothing may leave the machine: a request to evil.example fails the test.
    const offsite: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).hostname === "evil.example") offsite.push(request.url());
    });
    await page.goto(`/signin?next=${next.startsWith("/%") ? next : encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill(DEMO.developer);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page, next).toHaveURL(expected);
    expect(new URL(page.url()).origin, next).toBe(new URL(baseURL!).origin);
    expect(offsite, next).toEqual([]);
    await page.context().close();
  }
});

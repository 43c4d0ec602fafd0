import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * No serious or critical accessibility violation on the current page.
 * A page still re-rendering after router.refresh() (Next.js re-streams its
 * <title> then) can be caught mid-update, so a page with violations is
 * analysed again once the network is idle, up to three times; a real violation
 * stays and fails the test. Counted attempts, not a time budget: one axe
 * pass takes seconds on a loaded machine.
 */
export async function expectAccessible(page: Page, exclude: string[] = []) {
  let bad: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    // First pass once loaded; a retry first lets a pending refresh finish (no requests in flight).
    await page.waitForLoadState(attempt === 0 ? "load" : "networkidle");
    let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
    for (const selector of exclude) builder = builder.exclude(selector);
    const results = await builder.analyze();
    bad = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    if (bad.length === 0) return;
  }
  expect(bad).toEqual([]);
}

import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * No serious or critical accessibility violation on the current page.
 * Re-checked for a few seconds before failing: a page still re-rendering
 * after router.refresh() (Next.js re-streams its <title> then) can be caught
 * mid-update; a real violation stays and fails the test.
 */
export async function expectAccessible(page: Page, exclude: string[] = []) {
  await page.waitForLoadState("load");
  await expect(async () => {
    let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
    for (const selector of exclude) builder = builder.exclude(selector);
    const results = await builder.analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
  }).toPass({ timeout: 8_000 });
}

// The bank's self-service policy (issue 10 item 1): a sandbox app, or a
// change request, whose every API is marked self-service is approved at once
// by policy instead of by an admin. Security-critical: this decides that no
// person looks at a request, so it errs towards review —
// - the bank setting autoApproveSandboxApps must be on;
// - every API of the request must be self-service AND visible to every
//   registered developer: a restricted API always goes to review, even if an
//   admin once marked it self-service before restricting it;
// - a request that names no API at all is not "all self-service".
// Maker-checker does not apply: the policy is the decision, set beforehand by
// admins (the catalogue flag and the setting are both audited changes).
import type { Tx } from "@/lib/db";
import type { BankSettings } from "@/lib/settings/bank-settings";

export type SelfServiceDecision =
  | { approve: true; setting: "autoApproveSandboxApps"; apis: string[] }
  | { approve: false; reason: "setting_off" | "no_apis" | "needs_review"; reviewApis: string[] };

/** Whether a request asking for these API versions is approved by policy, and why (for the audit record). */
export async function selfServiceDecision(tx: Tx, settings: Pick<BankSettings, "autoApproveSandboxApps">, apiVersionIds: string[]): Promise<SelfServiceDecision> {
  if (!settings.autoApproveSandboxApps) return { approve: false, reason: "setting_off", reviewApis: [] };
  if (apiVersionIds.length === 0) return { approve: false, reason: "no_apis", reviewApis: [] };
  const versions = await tx.apiVersion.findMany({
    where: { id: { in: apiVersionIds } },
    select: { version: true, api: { select: { slug: true, selfService: true, visibility: true } } },
  });
  const label = (v: (typeof versions)[number]) => `${v.api.slug}@${v.version}`;
  const review = versions.filter((v) => !v.api.selfService || v.api.visibility !== "registered").map(label);
  if (review.length || versions.length !== apiVersionIds.length) return { approve: false, reason: "needs_review", reviewApis: review };
  return { approve: true, setting: "autoApproveSandboxApps", apis: versions.map(label).sort() };
}

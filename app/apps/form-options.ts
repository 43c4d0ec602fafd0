import "server-only";
import type { Actor } from "@/lib/authz/actor";
import type { FormAccount, FormApi } from "@/components/apps/app-form";
import { compareVersions } from "@/lib/catalog/compare-versions";
import { listGrantableApiVersions } from "@/lib/apps/list-grantable-api-versions";
import { getDb } from "@/lib/db";
import { listSandboxAccounts } from "@/lib/sandbox-data/list-sandbox-accounts";
import { getBankSettings } from "@/lib/settings/bank-settings";

/** What the registration form offers this developer: grouped API versions, own accounts, the bank's policy. */
export async function appFormOptions(actor: Actor): Promise<{ apis: FormApi[]; accounts: FormAccount[]; allowAllAccounts: boolean }> {
  const [versions, accounts, settings] = await Promise.all([listGrantableApiVersions({ actor }), listSandboxAccounts({ actor }), getBankSettings(getDb())]);
  const apis = new Map<string, FormApi>();
  for (const v of versions) {
    const api = apis.get(v.api.id) ?? {
      apiId: v.api.id,
      name: v.api.name,
      summary: v.api.summary,
      // What lib/apps/self-service-policy.ts decides at submission, shown beforehand.
      instant: settings.autoApproveSandboxApps && v.api.selfService && v.api.visibility === "registered",
      versions: [],
    };
    api.versions.push({ id: v.id, version: v.version, lifecycle: v.lifecycle, scopes: v.scopes });
    apis.set(v.api.id, api);
  }
  // Offer the newest published version first; deprecated ones stay choosable but last.
  for (const api of apis.values()) {
    api.versions.sort((a, b) => Number(a.lifecycle !== "published") - Number(b.lifecycle !== "published") || compareVersions(b.version, a.version));
  }
  return {
    apis: [...apis.values()],
    accounts: accounts.map((a) => ({ id: a.id, accountId: a.accountId, name: a.name, customer: a.customer.name, iban: a.iban, currency: a.currency })),
    allowAllAccounts: settings.allowAllAccounts,
  };
}

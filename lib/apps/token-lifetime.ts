import type { BankSettings } from "@/lib/settings/bank-settings";

/**
 * The access-token lifetime the gateway uses for an app: its admin-set
 * override, else the bank default. The override is checked against the
 * bounds when set (set-app-token-lifetime.ts); clamping here as well means a
 * later tightening of the bounds applies at once without rewriting apps.
 */
export function effectiveTokenLifetimeSeconds(app: { tokenLifetimeSeconds: number | null }, settings: BankSettings): number {
  if (app.tokenLifetimeSeconds == null) return settings.defaultTokenLifetimeSeconds;
  return Math.min(settings.maxTokenLifetimeSeconds, Math.max(settings.minTokenLifetimeSeconds, app.tokenLifetimeSeconds));
}

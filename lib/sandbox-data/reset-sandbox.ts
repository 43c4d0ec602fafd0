import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { forbidden } from "@/lib/errors";
import { createSandboxData, seedAccountKey, type AccountIdentifiers } from "./create-sandbox-data";
import { clearSandboxResources } from "./sandbox-resources";

/**
 * A developer resets their organisation's sandbox to its seed, in one
 * transaction: every customer goes (its accounts, transactions, cards, FX
 * quotes, payments, standing orders and whatever else hangs off them
 * cascade), so do the FX rates, onboarding applications and credit checks,
 * the sandbox clock goes back to real time, and the seed customers come back
 * with fresh balances, histories and cards, and the seed FX rates.
 *
 * Grants (security-critical, second reviewer please): a reset never widens
 * one. The seed accounts come back under the same public identifiers
 * (accountId, IBAN, sort code and number), so an app granted a seed account
 * keeps exactly that account: its AppAccount (and any pending request's
 * AppRequestAccount) rows are restored for the re-created account. Accounts
 * that do not come back (customers made from personas) leave every grant
 * they were in; an app granted only those is left with no accounts. Apps
 * with "all accounts" cover the organisation's accounts after the reset,
 * as they did before. Every app of the organisation hears of it (the
 * gateway drops its cached grants). The resource store (what apps created
 * through operations without a binding) is emptied too.
 */
export async function resetSandbox(options: { actor: Actor; now?: Date }) {
  return auditedChange({
    actor: options.actor,
    roles: resetSandbox.roles,
    // A few dozen inserts; SQLite's default 5 s leaves little room on a busy machine.
    transaction: { timeout: 30_000, maxWait: 10_000 },
    change: async (tx, actor) => {
      const organisationId = actor.organisationId;
      if (!organisationId) throw forbidden("You need an organisation to have a sandbox");
      const before = await tx.sandboxAccount.findMany({
        where: { organisationId },
        select: {
          accountId: true, iban: true, sortCode: true, accountNumber: true, name: true,
          customer: { select: { name: true, persona: true } },
          appAccounts: { select: { appId: true } },
          requestAccounts: { select: { requestId: true } },
        },
      });
      const keep = new Map<string, AccountIdentifiers>();
      for (const a of before) {
        if (a.customer.persona === null) keep.set(seedAccountKey(a.customer.name, a.name), { accountId: a.accountId, iban: a.iban, sortCode: a.sortCode, accountNumber: a.accountNumber });
      }
      const customersDeleted = (await tx.sandboxCustomer.deleteMany({ where: { organisationId } })).count;
      await tx.sandboxFxRate.deleteMany({ where: { organisationId } });
      await tx.sandboxApplication.deleteMany({ where: { organisationId } });
      await tx.sandboxCreditCheck.deleteMany({ where: { organisationId } });
      // The seed is dated by real time, so the sandbox clock goes back to it (sandbox-clock.ts); standing orders went with their accounts.
      await tx.sandboxClock.deleteMany({ where: { organisationId } });
      const resourcesDeleted = await clearSandboxResources({ tx, organisationId });
      const created = await createSandboxData({ tx, organisationId, now: options.now, keep });
      const after = new Map(
        (await tx.sandboxAccount.findMany({ where: { organisationId }, select: { id: true, accountId: true } })).map((a) => [a.accountId, a.id]),
      );
      const kept: { appId: string; accountId: string }[] = [];
      const dropped: { appId: string; accountId: string }[] = [];
      let requestAccountsKept = 0;
      for (const a of before) {
        const id = after.get(a.accountId);
        for (const { appId } of a.appAccounts) (id ? kept : dropped).push({ appId, accountId: a.accountId });
        if (id && a.appAccounts.length) await tx.appAccount.createMany({ data: a.appAccounts.map(({ appId }) => ({ appId, accountId: id })) });
        if (id && a.requestAccounts.length) {
          await tx.appRequestAccount.createMany({ data: a.requestAccounts.map(({ requestId }) => ({ requestId, accountId: id })) });
          requestAccountsKept += a.requestAccounts.length;
        }
      }
      const narrowed = [...new Set(dropped.map((d) => d.appId))];
      // Their grant changed: an edit based on the old one must reload (optimistic concurrency).
      if (narrowed.length) await tx.app.updateMany({ where: { id: { in: narrowed } }, data: { revision: { increment: 1 } } });
      const apps = await tx.app.findMany({ where: { organisationId }, select: { id: true } });
      return {
        result: { customersDeleted, resourcesDeleted, accountsDeleted: before.length, accountsCreated: created.accounts, grantsKept: kept.length, grantsDropped: dropped },
        audit: [
          {
            action: "sandbox.reset",
            targetId: organisationId,
            details: { customersDeleted, resourcesDeleted, accountsDeleted: before.length, accountsCreated: created.accounts, grantsKept: kept.length, requestAccountsKept, grantsDropped: dropped },
          },
        ],
        publish: [{ kind: "organisation", organisationId }, ...apps.map((a) => ({ kind: "app" as const, appId: a.id }))],
      };
    },
  });
}
resetSandbox.roles = ["developer"] as const;

// Checks what an app asks for against the catalogue and the organisation's
// own sandbox: only API versions the organisation may see, only scopes the
// spec defines, only accounts of the organisation, "all accounts" only when
// the bank allows it. Runs on every save, on submit and again on approval,
// because the catalogue and the bank's policy can change in between.
import type { Prisma, Tx } from "@/lib/db";
import { PorticoError, type Violation } from "@/lib/errors";
import type { BankSettings } from "@/lib/settings/bank-settings";
import type { ApiChoice } from "./app-input";
import { definedScopes, grantScopes } from "@/lib/db/json-columns";
import { grantableApiVersionWhere } from "./grantable-api-versions";

export type GrantChoices = { apis: ApiChoice[]; accountIds: string[]; allAccounts: boolean };

export async function validateGrantChoices(options: {
  tx: Tx;
  organisationId: string;
  choices: GrantChoices;
  settings: BankSettings;
}): Promise<GrantChoices> {
  const { tx, organisationId, choices, settings } = options;
  const violations: Violation[] = [];

  const versionIds = [...new Set(choices.apis.map((a) => a.apiVersionId))];
  if (versionIds.length !== choices.apis.length) violations.push({ pointer: "/apis", message: "Each API version may be chosen once" });
  const versions = await tx.apiVersion.findMany({
    where: { AND: [{ id: { in: versionIds } }, grantableApiVersionWhere(organisationId)] },
    select: { id: true, version: true, scopes: true, api: { select: { name: true, id: true } } },
  });
  const byId = new Map(versions.map((v) => [v.id, v]));
  const apiIds = new Set<string>();
  const apis: ApiChoice[] = [];
  choices.apis.forEach((choice, i) => {
    const version = byId.get(choice.apiVersionId);
    // An invisible version reads exactly like a missing one: nothing is revealed.
    if (!version) return void violations.push({ pointer: `/apis/${i}/apiVersionId`, message: "This API version is not available" });
    if (apiIds.has(version.api.id)) violations.push({ pointer: `/apis/${i}`, message: `Choose one version of ${version.api.name}` });
    apiIds.add(version.api.id);
    const defined = definedScopes(version.scopes);
    const unknown = choice.scopes.filter((s) => !(s in defined));
    if (unknown.length) violations.push({ pointer: `/apis/${i}/scopes`, message: `${version.api.name} ${version.version} does not define the scope(s): ${unknown.join(", ")}` });
    apis.push({ apiVersionId: version.id, scopes: [...new Set(choice.scopes)].sort() });
  });

  if (choices.allAccounts && !settings.allowAllAccounts) {
    violations.push({ pointer: "/allAccounts", message: "The bank does not allow access to all accounts; choose accounts" });
  }
  const accountIds = [...new Set(choices.accountIds)];
  if (accountIds.length) {
    const owned = await tx.sandboxAccount.findMany({ where: { id: { in: accountIds }, organisationId }, select: { id: true } });
    const ownedIds = new Set(owned.map((a) => a.id));
    accountIds.forEach((accountId) => {
      if (!ownedIds.has(accountId)) violations.push({ pointer: "/accountIds", message: `Account ${accountId} is not one of your organisation's sandbox accounts` });
    });
  }

  if (violations.length) throw new PorticoError("validation_failed", "Some choices are not available", { violations });
  return { apis, accountIds: choices.allAccounts ? [] : accountIds, allAccounts: choices.allAccounts };
}

/** What a request must contain before anyone reviews it. */
export function submissionProblems(request: { justification: string; allAccounts: boolean; apis: { scopes: Prisma.JsonValue }[]; accountCount: number }): Violation[] {
  const problems: Violation[] = [];
  if (request.apis.length === 0) problems.push({ pointer: "/apis", message: "Choose at least one API" });
  request.apis.forEach((a, i) => {
    if (grantScopes(a.scopes).length === 0) problems.push({ pointer: `/apis/${i}/scopes`, message: "Choose at least one scope for each API" });
  });
  if (!request.allAccounts && request.accountCount === 0) problems.push({ pointer: "/accountIds", message: "Choose the sandbox accounts the app may use" });
  if (!request.justification.trim()) problems.push({ pointer: "/justification", message: "Explain why the app needs this access" });
  return problems;
}

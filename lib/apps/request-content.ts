import type { Tx } from "@/lib/db";
import type { GrantChoices } from "./validate-grant-choices";
import { grantScopes } from "@/lib/db/json-columns";

/** Replaces what a (draft) request asks for with validated choices. */
export async function writeRequestContent(tx: Tx, requestId: string, choices: GrantChoices) {
  await tx.appRequestApi.deleteMany({ where: { requestId } });
  await tx.appRequestAccount.deleteMany({ where: { requestId } });
  if (choices.apis.length) {
    await tx.appRequestApi.createMany({ data: choices.apis.map((a) => ({ requestId, apiVersionId: a.apiVersionId, scopes: a.scopes })) });
  }
  if (choices.accountIds.length) {
    await tx.appRequestAccount.createMany({ data: choices.accountIds.map((accountId) => ({ requestId, accountId })) });
  }
}

/** The choices a request currently holds. */
export async function readRequestContent(tx: Tx, requestId: string): Promise<GrantChoices & { justification: string }> {
  const request = await tx.appRequest.findUniqueOrThrow({ where: { id: requestId }, include: { apis: true, accounts: true } });
  return {
    apis: request.apis.map((a) => ({ apiVersionId: a.apiVersionId, scopes: grantScopes(a.scopes) })),
    accountIds: request.accounts.map((a) => a.accountId),
    allAccounts: request.allAccounts,
    justification: request.justification,
  };
}

import type { Tx } from "@/lib/db";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound, parseInput } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { appUpdateSchema } from "./app-input";
import { appWhereForActor } from "./app-scope";
import { appStatusAfter, assertNotSuspended } from "./app-state";
import { readRequestContent, writeRequestContent } from "./request-content";
import { validateGrantChoices } from "./validate-grant-choices";
import { grantScopes, redirectUris } from "@/lib/db/json-columns";

const GRANT_FIELDS = ["apis", "accountIds", "allAccounts", "justification"] as const;

/**
 * A developer edits an app. Name and description apply at once. APIs,
 * scopes, accounts and justification go into the open draft request; when
 * there is none, a new draft is started — a "change" request once the app
 * was ever approved — copying the last rejected/withdrawn request or else
 * the grant in force. The grant itself is never touched here.
 */
export async function saveAppDraft(options: { actor: Actor; appId: string; unverifiedInput: unknown }) {
  const input = parseInput(appUpdateSchema, options.unverifiedInput, "The app is not valid");
  return auditedChange({
    actor: options.actor,
    roles: saveAppDraft.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId) });
      if (!app) throw notFound("App not found");
      assertNotSuspended(app);

      const changed: string[] = [];
      const appData: { name?: string; description?: string; redirectUris?: string[] } = {};
      if (input.name !== undefined && input.name !== app.name) {
        appData.name = input.name;
        changed.push("name");
      }
      if (input.description !== undefined && input.description !== app.description) {
        appData.description = input.description;
        changed.push("description");
      }

      // Redirect URIs apply at once, like the name: they say where the app's own pages are, not what it may do.
      if (input.redirectUris !== undefined) {
        const next = [...new Set(input.redirectUris)];
        if (JSON.stringify(next) !== JSON.stringify(redirectUris(app.redirectUris))) {
          appData.redirectUris = next;
          changed.push("redirectUris");
        }
      }

      let requestId: string | null = null;
      if (GRANT_FIELDS.some((f) => input[f] !== undefined)) {
        const draft = await openDraft(tx, app);
        requestId = draft.id;
        const current = await readRequestContent(tx, draft.id);
        const choices = await validateGrantChoices({
          tx,
          organisationId: app.organisationId,
          settings: await getBankSettings(tx),
          choices: {
            apis: input.apis ?? current.apis,
            accountIds: input.accountIds ?? current.accountIds,
            allAccounts: input.allAccounts ?? current.allAccounts,
          },
        });
        await writeRequestContent(tx, draft.id, choices);
        await tx.appRequest.update({
          where: { id: draft.id },
          data: { allAccounts: choices.allAccounts, justification: input.justification ?? current.justification, revision: { increment: 1 } },
        });
        changed.push(...GRANT_FIELDS.filter((f) => input[f] !== undefined));
      }
      const status = requestId ? appStatusAfter(app, "draft") : app.status;
      await tx.app.update({ where: { id: app.id }, data: { ...appData, status, revision: { increment: 1 } } });
      return {
        result: { id: app.id, requestId },
        audit: changed.length ? [{ action: "app.update", targetId: app.id, details: { changed, requestId, ...(appData.redirectUris ? { redirectUris: appData.redirectUris } : {}) } }] : [],
      };
    },
  });
}
saveAppDraft.roles = ["developer"] as const;

async function openDraft(tx: Tx, app: { id: string; clientId: string | null; allAccounts: boolean }) {
  const latest = await tx.appRequest.findFirst({ where: { appId: app.id }, orderBy: { createdAt: "desc" } });
  if (latest?.status === "draft") return latest;
  if (latest?.status === "pending") throw conflict("This app has a request waiting for review. Withdraw it before you change it.");
  const kind = app.clientId ? "change" : "registration";
  const draft = await tx.appRequest.create({ data: { appId: app.id, kind, status: "draft" } });
  if (latest && (latest.status === "rejected" || latest.status === "withdrawn")) {
    const previous = await readRequestContent(tx, latest.id);
    await writeRequestContent(tx, draft.id, previous);
    await tx.appRequest.update({ where: { id: draft.id }, data: { allAccounts: previous.allAccounts, justification: previous.justification } });
  } else {
    // Start from the grant in force, so a change request shows the whole new grant.
    const [apis, accounts] = await Promise.all([tx.appApi.findMany({ where: { appId: app.id } }), tx.appAccount.findMany({ where: { appId: app.id } })]);
    await writeRequestContent(tx, draft.id, {
      apis: apis.map((a) => ({ apiVersionId: a.apiVersionId, scopes: grantScopes(a.scopes) })),
      accountIds: accounts.map((a) => a.accountId),
      allAccounts: app.allAccounts,
    });
    await tx.appRequest.update({ where: { id: draft.id }, data: { allAccounts: app.allAccounts } });
  }
  return draft;
}

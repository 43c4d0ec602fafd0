import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { forbidden, parseInput, PorticoError } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { appInputSchema } from "./app-input";
import { writeRequestContent } from "./request-content";
import { validateGrantChoices } from "./validate-grant-choices";

/**
 * A developer registers an app: the app (status draft) and its registration
 * request (draft) holding the APIs, scopes and accounts it asks for.
 * Submitting is a separate step (submit-app-request.ts).
 */
export async function createApp(options: { actor: Actor; unverifiedInput: unknown }) {
  const input = parseInput(appInputSchema, options.unverifiedInput, "The app is not valid");
  return auditedChange({
    actor: options.actor,
    roles: createApp.roles,
    change: async (tx, actor) => {
      if (!actor.organisationId) throw forbidden("Only developers of an organisation can register apps");
      // Checked here, in the action, so no route or page can skip it.
      const { emailVerifiedAt } = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { emailVerifiedAt: true } });
      if (!emailVerifiedAt) throw new PorticoError("email_unverified", "Verify your email address before you register apps: open the link we mailed you, or send a new one from your profile.");
      const organisationId = actor.organisationId;
      const choices = await validateGrantChoices({
        tx,
        organisationId,
        settings: await getBankSettings(tx),
        choices: { apis: input.apis ?? [], accountIds: input.accountIds ?? [], allAccounts: input.allAccounts ?? false },
      });
      const app = await tx.app.create({
        data: { organisationId, ownerId: actor.id, name: input.name, description: input.description ?? "", redirectUris: [...new Set(input.redirectUris ?? [])], status: "draft" },
      });
      const request = await tx.appRequest.create({
        data: { appId: app.id, kind: "registration", status: "draft", justification: input.justification ?? "", allAccounts: choices.allAccounts },
      });
      await writeRequestContent(tx, request.id, choices);
      return {
        result: { id: app.id, requestId: request.id },
        audit: [
          {
            action: "app.create",
            targetId: app.id,
            details: { name: app.name, requestId: request.id, apiVersionIds: choices.apis.map((a) => a.apiVersionId), accounts: choices.accountIds.length, allAccounts: choices.allAccounts },
          },
        ],
      };
    },
  });
}
createApp.roles = ["developer"] as const;

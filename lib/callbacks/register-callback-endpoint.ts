import { z } from "zod";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { conflict, notFound, parseInput, PorticoError } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { CALLBACK_EVENT_TYPE_NAMES } from "./event-types";
import { checkOutboundUrl, OutboundRefused } from "./outbound-guard";
import { replaceSigningSecret } from "./signing-secret";

/** Endpoints per app: enough for a staging and a production receiver and a few more. */
export const MAX_ENDPOINTS_PER_APP = 5;

const inputSchema = z.object({
  url: z.string().trim().min(1, "Enter the URL").max(2000, "At most 2,000 characters"),
  events: z.array(z.enum(CALLBACK_EVENT_TYPE_NAMES)).min(1, "Choose at least one event").max(CALLBACK_EVENT_TYPE_NAMES.length),
}).strict();

/** What the audit trail keeps of a callback URL: no query string (receivers sometimes put a token there). */
export const auditableUrl = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};

/**
 * A developer registers a callback URL for some sandbox events of an app of
 * their organisation. The first endpoint also creates the app's signing
 * secret, returned here only: it is stored encrypted and never shown again
 * (rotate it to get a new one).
 */
export async function registerCallbackEndpoint(options: { actor: Actor; appId: string; unverifiedInput: unknown }) {
  const input = parseInput(inputSchema, options.unverifiedInput);
  const events = [...new Set(input.events)];
  const settings = await getBankSettings(getDb());
  try {
    checkOutboundUrl(input.url, { allowLoopback: settings.callbacksAllowLoopback });
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    // The reason goes beside the URL field; the problem's own message stays general, so a form shows it once.
    throw new PorticoError("validation_failed", "This URL cannot receive callbacks", { violations: [{ pointer: "/url", message: `This URL cannot receive callbacks: ${error.message}` }] });
  }
  return auditedChange({
    actor: options.actor,
    roles: registerCallbackEndpoint.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true, status: true, callbackSigningKey: { select: { hint: true } } } });
      if (!app) throw notFound("App not found");
      if (app.status === "suspended") throw conflict("This app is suspended. Contact the bank.");
      if ((await tx.callbackEndpoint.count({ where: { appId: app.id } })) >= MAX_ENDPOINTS_PER_APP) throw conflict(`An app has at most ${MAX_ENDPOINTS_PER_APP} callback URLs; remove one first`);
      const endpoint = await tx.callbackEndpoint.create({ data: { appId: app.id, url: input.url, events } });
      const created = app.callbackSigningKey ? undefined : await replaceSigningSecret(tx, app.id);
      return {
        result: { id: endpoint.id, url: endpoint.url, events, signingSecret: created?.secret },
        audit: [{ action: "callback.register", targetId: app.id, details: { endpointId: endpoint.id, url: auditableUrl(input.url), events, secretCreated: !!created, secretHint: created?.hint ?? null } }],
      };
    },
  });
}
registerCallbackEndpoint.roles = ["developer"] as const;

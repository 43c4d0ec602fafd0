// The card.frozen callback (a card frozen or unfrozen): lib/sandbox-data
// calls this inside the change's own transaction, so the outbox rows commit
// with the change and vanish with its rollback, as announce-payment.ts does
// for payments. The event goes to the app that made the call. The data names
// the card and its account by their public ids and carries only the last
// four digits of the card number.
import { enqueueEvent } from "@/lib/callbacks/enqueue-event";
import type { AnnounceCardChange } from "@/lib/sandbox-data/sandbox-cards";

export function announceCardTo(app: { organisationId: string; appId: string }): AnnounceCardChange {
  return async (tx, { card, previousStatus, reason }) => {
    await enqueueEvent(tx, {
      organisationId: app.organisationId,
      appId: app.appId,
      type: "card.frozen",
      data: {
        cardId: card.cardId,
        accountId: card.accountId,
        panLastFour: card.panLastFour,
        frozen: card.status === "frozen",
        status: card.status,
        previousStatus,
        ...(reason ? { reason } : {}),
      },
    });
  };
}

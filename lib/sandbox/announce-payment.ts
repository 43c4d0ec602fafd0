// The payment.status_changed callback: lib/sandbox-data calls this inside the
// payment's own transaction (its `announce` hook, since sandbox-data sits
// below lib/callbacks), so the outbox rows commit with the payment change and
// vanish with its rollback. The event goes to the app that made the call.
// The data names the debtor account by its public id (acc_…), never by IBAN
// or account number, and carries nothing of the creditor.
import { enqueueEvent } from "@/lib/callbacks/enqueue-event";
import { formatMinor } from "@/lib/sandbox-data/money";
import type { AnnouncePaymentChange } from "@/lib/sandbox-data/sandbox-payments";

export function announcePaymentTo(app: { organisationId: string; appId: string }): AnnouncePaymentChange {
  return async (tx, { payment, previousStatus }) => {
    await enqueueEvent(tx, {
      organisationId: app.organisationId,
      appId: app.appId,
      type: "payment.status_changed",
      data: {
        paymentId: payment.paymentId,
        status: payment.status,
        previousStatus,
        amount: formatMinor(payment.amountMinor),
        currency: payment.currency,
        debtorAccountId: payment.debtorAccountId,
      },
    });
  };
}

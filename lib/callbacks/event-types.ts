// The sandbox events an app can receive at its callback URLs. A closed list:
// an endpoint subscribes to some of them, and enqueueEvent accepts no other.

export const CALLBACK_EVENT_TYPES = {
  "payment.status_changed": "A sandbox payment was made (pending or completed) or moved to another status (rejected, cancelled)",
  "card.frozen": "A sandbox card was frozen or unfrozen",
  "access.revoked": "The bank's compliance team revoked some of the app's access (app suspended, tokens or a certificate revoked, an API removed)",
} as const satisfies Record<string, string>;

export type CallbackEventType = keyof typeof CALLBACK_EVENT_TYPES;

export const CALLBACK_EVENT_TYPE_NAMES = Object.keys(CALLBACK_EVENT_TYPES) as [CallbackEventType, ...CallbackEventType[]];

// The app state machine, enforced here on the server whatever a client sends.
//
// An app has requests (what the developer asks for) and a grant (what the
// gateway enforces: AppApi/AppAccount rows). A request moves
//
//   draft ──submit──▶ pending ──approve──▶ approved
//     ▲                  │ └──reject (reason)──▶ rejected
//     │                  └──withdraw──▶ withdrawn
//     └── editing a rejected or withdrawn request starts a NEW draft that
//         copies it, so the decided request and its reason stay in history.
//
// The first approved request is the "registration"; every later one is a
// "change" request, and until a change is approved the grant in force stays
// exactly as it was. App.status mirrors the grant, not the open request:
// draft | pending | rejected while nothing was ever approved, then approved
// (or suspended, set by compliance) for good.
import { conflict } from "@/lib/errors";

export const REQUEST_STATUSES = ["draft", "pending", "approved", "rejected", "withdrawn"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const APP_STATUSES = ["draft", "pending", "approved", "rejected", "suspended"] as const;
export type AppStatus = (typeof APP_STATUSES)[number];

export type RequestEvent = "submit" | "approve" | "reject" | "withdraw";

const TRANSITIONS: Record<RequestEvent, { from: RequestStatus; to: RequestStatus }> = {
  submit: { from: "draft", to: "pending" },
  approve: { from: "pending", to: "approved" },
  reject: { from: "pending", to: "rejected" },
  withdraw: { from: "pending", to: "withdrawn" },
};

const REFUSAL: Record<RequestEvent, string> = {
  submit: "Only a draft can be submitted",
  approve: "Only a request waiting for review can be approved",
  reject: "Only a request waiting for review can be rejected",
  withdraw: "Only a request waiting for review can be withdrawn",
};

/** The status a request moves to, or a 409 when the event is not allowed from its status. */
export function nextRequestStatus(current: string, event: RequestEvent): RequestStatus {
  const t = TRANSITIONS[event];
  if (current !== t.from) throw conflict(`${REFUSAL[event]} (this one is ${current})`);
  return t.to;
}

/** Requests a developer may still change or act on. */
export const OPEN_REQUEST_STATUSES: RequestStatus[] = ["draft", "pending"];

/**
 * App.status after a request changed state. Once a grant was approved the
 * app stays approved (a change request never takes the grant away);
 * suspension is compliance's and is never undone here.
 */
export function appStatusAfter(app: { status: string; clientId: string | null }, requestStatus: RequestStatus): AppStatus {
  if (app.status === "suspended") return "suspended";
  if (app.clientId || app.status === "approved") return "approved";
  switch (requestStatus) {
    case "pending":
      return "pending";
    case "approved":
      return "approved";
    case "rejected":
      return "rejected";
    default:
      return "draft";
  }
}

/** Developers cannot change a suspended app; the bank must reinstate it first. */
export function assertNotSuspended(app: { status: string }) {
  if (app.status === "suspended") throw conflict("This app is suspended. Contact the bank.");
}

export const formatDateTime = (d: Date | string) => new Date(d).toISOString().replace("T", " ").slice(0, 16) + " UTC";
export const formatDate = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} seconds`;
}

export const formatMoney = (minor: number, currency: string) =>
  new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(minor / 100);

export const formatSortCode = (s: string) => s.replace(/^(\d\d)(\d\d)(\d\d)$/, "$1-$2-$3");

/** Audit action names in words, for history lists. */
export const ACTION_LABEL: Record<string, string> = {
  "app.create": "Registered the app",
  "app.update": "Edited the app",
  "app.submit": "Submitted for review",
  "app.withdraw": "Withdrew the request",
  "app.approve": "Approved",
  "app.reject": "Rejected",
  "app.token_lifetime": "Set the token lifetime",
  "app.suspend": "Suspended the app",
  "app.reinstate": "Reinstated the app",
  "credential.issue": "Issued the client id",
  "secret.issue": "Generated the client secret",
  "secret.rotate": "Rotated the client secret",
  "secret.revoke": "Revoked a client secret",
  "certificate.add": "Added a certificate",
  "certificate.remove": "Removed a certificate",
  "token.revoke": "Revoked an access token",
  "token.revoke_all": "Revoked every access token",
  "grant.remove_api": "Removed an API from the grant",
  "callback.register": "Added a callback URL",
  "callback.remove": "Removed a callback URL",
  "callback.secret_rotate": "Rotated the callback signing secret",
  "callback.resend": "Resent a callback delivery",
};

// The closed list of what the audit trail records: each action with the ONE
// kind of thing its targetId names. recordAuditEvent takes the target type
// from here, so an action cannot be written with two meanings, and an action
// not listed here does not compile. Readers (the audit viewer, compliance
// filters, two-party reinstatement) rely on these strings: they are stored
// and hashed as written (lib/audit/hash.ts), so rename one only with a
// migration of the chain, never in place.
export const AUDIT_ACTIONS = {
  // Apps and their requests (targetId: App.id)
  "app.create": "app",
  "app.update": "app",
  "app.submit": "app",
  "app.withdraw": "app",
  "app.approve": "app",
  "app.reject": "app",
  "app.token_lifetime": "app",
  "app.suspend": "app",
  "app.reinstate.approve": "app",
  "app.reinstate": "app",
  "grant.remove_api": "app",
  "credential.issue": "app",
  "secret.issue": "app",
  "secret.rotate": "app",
  "secret.revoke": "app",
  "certificate.add": "app",
  "certificate.remove": "app",
  /** Event callbacks (lib/callbacks): an endpoint registered or removed, the signing secret made or rotated, a delivery sent again. */
  "callback.register": "app",
  "callback.remove": "app",
  "callback.secret_rotate": "app",
  "callback.resend": "app",
  /** Compliance revokes a certificate (targetId: ClientCertificate.id). */
  "certificate.revoke": "certificate",
  /** One access token, from the compliance console or by its own client at /oauth2/revoke (targetId: AccessToken.id). */
  "token.revoke": "token",
  /** A sandbox customer allowed an app on the gateway's consent page (targetId: App.id; details: the request, customer, scope, account ids). */
  "sandbox.consent_approve": "app",
  /** A sandbox customer denied an app on the consent page (targetId: App.id). */
  "sandbox.consent_deny": "app",
  /** A sandbox customer revoked an app on their access dashboard: its tokens and refresh tokens for them (targetId: App.id; details: the requests revoked, customer). */
  "sandbox.consent_revoke": "app",
  /** Every live token of one app (targetId: App.id). */
  "token.revoke_all": "app",
  /** Compliance looked one token up by its value or prefix (targetId: none; details hold the hash or prefix, never the value). */
  "token.lookup": "access_tokens",
  /** Rows of tokens expired longer than the retention deleted (no targetId). */
  "token.purge": "access_tokens",
  // People and organisations
  "user.create": "user",
  "user.sign_up": "user",
  "user.sign_in": "user",
  "user.sign_in_failed": "user",
  /** A source (IP) spent its sign-in budget for this account and is blocked; the account is not (lib/accounts/sign-in-throttle.ts). */
  "user.sign_in_blocked": "user",
  /** No longer written: the per-account lock it recorded gave way to per-source throttling. Kept so older rows keep their meaning. */
  "user.lock": "user",
  /** A sign-up with this account's email: answered like any sign-up, nothing created. */
  "user.sign_up_existing": "user",
  "user.suspend": "user",
  /** A verification link was mailed (at sign-up, or "resend" from the portal). */
  "user.verification_sent": "user",
  /** The owner opened the mailed link: the email address is verified. */
  "user.verify_email": "user",
  /** Someone asked for a reset link for this account (mailed to its owner; the requester learns nothing). */
  "user.password_reset_requested": "user",
  /** A new password set through a reset link; every session of the account ended. */
  "user.password_reset": "user",
  /** The user chose which notifications also come by email. */
  "user.mail_preferences": "user",
  /** "Sign out everywhere": every session of the user ended. */
  "user.sign_out_everywhere": "user",
  /** A portal session begins, at sign-in (targetId: Session.id). */
  "session.start": "session",
  /** The user signs out: their session's row is revoked (targetId: Session.id). */
  "session.sign_out": "session",
  /** A sandbox customer signs in on the gateway's access dashboard (targetId: SandboxCustomerSession.id; actor: the customer). */
  "sandbox.customer_session_start": "session",
  /** A sandbox customer signs out of the access dashboard (targetId: SandboxCustomerSession.id). */
  "sandbox.customer_session_end": "session",
  "user.reinstate": "user",
  "organisation.suspend": "organisation",
  "organisation.reinstate": "organisation",
  /** A developer made a test customer from a persona template (lib/sandbox-data/personas.ts). */
  "sandbox.persona_create": "organisation",
  /** A developer reset the organisation's sandbox data to its seed. */
  "sandbox.reset": "organisation",
  /** A developer moved the organisation's sandbox clock forward (lib/sandbox-data/advance-sandbox-clock.ts); details name the payments it booked. */
  "sandbox.clock_advance": "organisation",
  /** A developer set up or cancelled a standing order from a test account of the organisation (details: the sto_… id, app and account). */
  "sandbox.standing_order_create": "organisation",
  "sandbox.standing_order_cancel": "organisation",
  // The catalogue
  "spec.publish": "api_version",
  /** Published with account-scoped operations and, by the publisher's explicit decision, no confirmed account identifiers. */
  "spec.no_account_scoping": "api_version",
  /** An import that needs a decision its overlay does not give, kept as a draft (targetId: SpecDraft.id); a re-import replaces it. */
  "spec.draft_saved": "spec_draft",
  /** An admin threw a draft away unpublished. (A published draft is gone with its spec.publish record, which names it.) */
  "spec.draft_discarded": "spec_draft",
  /** The scorecard computed after a publish that did not wait for it, or its failure. */
  "spec.scorecard": "api_version",
  "api.lifecycle": "api_version",
  "api.visibility": "api",
  "api.self_service": "api",
  "management_token.create": "management_token",
  "management_token.revoke": "management_token",
  // The bank's settings (no targetId: there is one set)
  "settings.update": "bank_settings",
  /** Maker-checker itself changes only with a second admin (targetId: PendingSettingChange.id). */
  "settings.maker_checker.propose": "setting_change",
  "settings.maker_checker.approve": "setting_change",
  "settings.maker_checker.reject": "setting_change",
  "settings.maker_checker.withdraw": "setting_change",
  // Reads that matter, and the log purge
  "audit.read": "audit_trail",
  "audit.export": "audit_trail",
  /** targetId: the app whose logs were read, or none for a read across apps. */
  "logs.read": "request_logs",
  "logs.purge": "request_logs",
  /** A staff member's CSV export of usage (targetId: the organisation, or none for every organisation). */
  "usage.export": "organisation",
  // Staff reading one person's or organisation's data (ASVS 5.0 V16.1.1;
  // docs/audit-inventory.md): compliance and admins opening a record in the
  // compliance console.
  "developer.read": "user",
  "organisation.read": "organisation",
  "app.read": "app",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditTargetType = (typeof AUDIT_ACTIONS)[AuditAction];


// Settings the bank changes at run time, stored in BankSetting. Each has a
// default and bounds; lib/settings/update-bank-settings.ts is the only writer.
import { z } from "zod";
import type { Db, Tx } from "@/lib/db";

/** The longest a portal session may ever last; the session cookie's own lifetime (lib/auth/options.ts). */
export const SESSION_LIFETIME_MAX_SECONDS = 7 * 86_400;
const sessionLifetime = z.number().int().min(15 * 60).max(SESSION_LIFETIME_MAX_SECONDS);
const sessionIdle = z.number().int().min(60).max(86_400);

export const bankSettingsSchema = z.object({
  /** Access-token lifetime when an app has no override (5 minutes: short, per the bank's guidance). */
  defaultTokenLifetimeSeconds: z.number().int().min(60).max(86_400),
  /** Bounds within which admins may set per-app overrides. */
  minTokenLifetimeSeconds: z.number().int().min(30).max(86_400),
  maxTokenLifetimeSeconds: z.number().int().min(60).max(86_400),
  /** Two different admins must approve each app request. */
  makerChecker: z.boolean(),
  /** How long a rotated-away client secret keeps working. */
  secretRotationOverlapSeconds: z.number().int().min(0).max(30 * 86_400),
  /** Whether apps may ask for every account of their organisation. */
  allowAllAccounts: z.boolean(),
  /** Raw sandbox request logs (and per-minute usage rollups) older than this are purged. */
  logRetentionDays: z.number().int().min(1).max(3650),
  /** Hourly and daily usage rollups older than this are purged; at least logRetentionDays (13 months by default: a year of history, PCI DSS 10.5.1). */
  rollupRetentionDays: z.number().int().min(1).max(3650),
  /** Days before expiry at which the portal warns about a client certificate. */
  certificateExpiryWarningDays: z.number().int().min(1).max(365),
  /** Hours an expired (or revoked) access token's row is kept for compliance's token lookup before it is purged. */
  tokenRetentionHours: z.number().int().min(1).max(24 * 366),
  /**
   * Portal sessions (lib/auth/start-session.ts): an absolute lifetime from
   * sign-in that activity never extends, and an idle timeout. Staff (admin,
   * compliance) get the shorter pair; each applies to sessions started after
   * the change.
   */
  developerSessionLifetimeSeconds: sessionLifetime,
  developerSessionIdleSeconds: sessionIdle,
  staffSessionLifetimeSeconds: sessionLifetime,
  staffSessionIdleSeconds: sessionIdle,
  /**
   * Event callbacks (lib/callbacks) may go to loopback addresses (127.0.0.0/8,
   * ::1), over http as well as https. Off in production: on, a developer
   * could make the portal call services on its own host. For local testing.
   */
  callbacksAllowLoopback: z.boolean(),
  /**
   * A spec whose scorecard (Spectral: OpenAPI recommended and OWASP API
   * Security rules) has error-severity findings is refused at publish. Off by
   * default: the OWASP rules flag most real specs, so a bank opts in.
   */
  scorecardErrorsBlockPublish: z.boolean(),
  /**
   * A submitted app or change request whose every API is marked self-service
   * (and not restricted) is approved at once by policy, without an admin
   * (lib/apps/self-service-policy.ts). On by default: it is the sandbox, and
   * the bank chooses which APIs are self-service.
   */
  autoApproveSandboxApps: z.boolean(),
});

export type BankSettings = z.infer<typeof bankSettingsSchema>;

export const DEFAULT_BANK_SETTINGS: BankSettings = {
  defaultTokenLifetimeSeconds: 300,
  minTokenLifetimeSeconds: 60,
  maxTokenLifetimeSeconds: 3600,
  makerChecker: false,
  secretRotationOverlapSeconds: 24 * 60 * 60,
  allowAllAccounts: false,
  logRetentionDays: 90,
  rollupRetentionDays: 396,
  certificateExpiryWarningDays: 30,
  tokenRetentionHours: 24,
  developerSessionLifetimeSeconds: 12 * 60 * 60,
  developerSessionIdleSeconds: 60 * 60,
  staffSessionLifetimeSeconds: 8 * 60 * 60,
  staffSessionIdleSeconds: 15 * 60,
  callbacksAllowLoopback: false,
  scorecardErrorsBlockPublish: false,
  autoApproveSandboxApps: true,
};

export async function getBankSettings(db: Db | Tx): Promise<BankSettings> {
  const rows = await db.bankSetting.findMany();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    if (row.key in DEFAULT_BANK_SETTINGS) stored[row.key] = row.value; // a Json column; the schema below checks it
  }
  return bankSettingsSchema.parse({ ...DEFAULT_BANK_SETTINGS, ...stored });
}

import type { Role } from "@/lib/authz/actor";

type NavItem = { href: string; label: string; blurb: string };

const ITEMS = {
  apis: { href: "/apis", label: "APIs", blurb: "Browse and search the bank's APIs and read their documentation." },
  apps: { href: "/apps", label: "My apps", blurb: "Register apps, follow their review and manage credentials." },
  logs: { href: "/logs", label: "Request logs", blurb: "Sandbox calls with status and latency; sensitive values redacted." },
  usage: { href: "/usage", label: "Usage", blurb: "Calls per day, error rate and p95 latency per app." },
  review: { href: "/admin/apps", label: "Review queue", blurb: "Approve or reject app registrations and change requests." },
  catalog: { href: "/admin/catalog", label: "Catalogue", blurb: "Publish OpenAPI specs, manage versions, lifecycle and visibility." },
  settings: { href: "/admin/settings", label: "Settings", blurb: "Token lifetimes, maker-checker, secret rotation and retention." },
  console: { href: "/compliance", label: "Console", blurb: "Find apps, developers and organisations; revoke access at once." },
  audit: { href: "/compliance/audit", label: "Audit trail", blurb: "The tamper-evident audit trail, filters and CSV export." },
} satisfies Record<string, NavItem>;

/** Navigation by role: each role sees only where it may go (the server checks again). */
export const NAV_BY_ROLE: Record<Role, NavItem[]> = {
  developer: [ITEMS.apis, ITEMS.apps, ITEMS.logs, ITEMS.usage],
  admin: [ITEMS.apis, ITEMS.review, ITEMS.catalog, ITEMS.settings, ITEMS.logs, ITEMS.usage, { ...ITEMS.console, label: "Compliance", blurb: "Read-only view of the compliance console." }],
  compliance: [ITEMS.console, ITEMS.audit, ITEMS.logs, ITEMS.apis],
};

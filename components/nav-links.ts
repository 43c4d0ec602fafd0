import type { Role } from "@/lib/authz/actor";

/** Navigation by role: each role sees only where it may go. */
export const NAV_BY_ROLE: Record<Role, { href: string; label: string }[]> = {
  developer: [
    { href: "/apis", label: "APIs" },
    { href: "/apps", label: "My apps" },
    { href: "/logs", label: "Request logs" },
    { href: "/usage", label: "Usage" },
  ],
  admin: [
    { href: "/apis", label: "APIs" },
    { href: "/admin/apps", label: "Review queue" },
    { href: "/admin/catalog", label: "Catalogue" },
    { href: "/admin/settings", label: "Settings" },
    { href: "/logs", label: "Request logs" },
    { href: "/usage", label: "Usage" },
    { href: "/compliance", label: "Compliance" },
  ],
  compliance: [
    { href: "/compliance", label: "Console" },
    { href: "/compliance/audit", label: "Audit trail" },
    { href: "/logs", label: "Request logs" },
    { href: "/apis", label: "APIs" },
  ],
};

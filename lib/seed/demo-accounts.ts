// The demo seed's people. Fixed, documented passwords: this is a local demo
// (README), skipped entirely when PORTICO_DEMO=0.
export const DEMO_PASSWORD = "portico-demo-1234";

export const DEMO_ORGANISATIONS = [
  { name: "Acme Payments Ltd", slug: "acme-payments" },
  { name: "Globex Fintech", slug: "globex-fintech" },
] as const;

export const DEMO_USERS = [
  { email: "dev@acme.example", name: "Ada Developer", role: "developer", organisation: "acme-payments" },
  { email: "dev@globex.example", name: "Grace Globex", role: "developer", organisation: "globex-fintech" },
  { email: "admin@bank.example", name: "Alan Admin", role: "admin", organisation: null },
  { email: "checker@bank.example", name: "Chris Checker", role: "admin", organisation: null },
  { email: "compliance@bank.example", name: "Carol Compliance", role: "compliance", organisation: null },
] as const;

import { withUser } from "@/lib/auth/route-handler";
import { exportAuditEventsCsv } from "@/lib/audit/export-audit-events";

/** The filtered audit trail as CSV; the export is itself audited. */
export const GET = withUser(exportAuditEventsCsv.roles, async ({ request, actor }) => {
  const filter = Object.fromEntries(new URL(request.url).searchParams);
  const { csv } = await exportAuditEventsCsv({ actor, unverifiedFilter: filter });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="portico-audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});

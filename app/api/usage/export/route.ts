import { withUser } from "@/lib/auth/route-handler";
import { exportUsageCsv } from "@/lib/logs/export-usage";

/** Usage per day, app and operation as CSV; a staff export is audited. */
export const GET = withUser(exportUsageCsv.roles, async ({ request, actor }) => {
  const options = Object.fromEntries(new URL(request.url).searchParams);
  const { csv } = await exportUsageCsv({ actor, unverifiedOptions: options });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="portico-usage-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});

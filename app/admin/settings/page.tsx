import { BankSettingsForm } from "@/components/apps/bank-settings-form";
import { MakerCheckerPanel } from "@/components/apps/maker-checker-panel";
import { PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { getPendingMakerCheckerChange } from "@/lib/settings/get-pending-maker-checker-change";

export const metadata = { title: "Bank settings" };
export const dynamic = "force-dynamic";

export default async function BankSettingsPage() {
  const user = await requirePageUser("admin");
  const [settings, pending] = await Promise.all([getBankSettings(getDb()), getPendingMakerCheckerChange(getDb())]);
  return (
    <>
      <PageHeader title="Bank settings" description="Run-time policy for every app. Changes apply at once and are recorded in the audit trail; maker-checker changes need a second admin." />
      <div className="space-y-6">
        <MakerCheckerPanel
          makerChecker={settings.makerChecker}
          pending={pending ? { id: pending.id, makerChecker: pending.makerChecker, proposedByName: pending.proposedByName, proposedAt: pending.proposedAt.toISOString(), mine: pending.proposedById === user.id } : null}
        />
        <BankSettingsForm initial={settings} />
      </div>
    </>
  );
}

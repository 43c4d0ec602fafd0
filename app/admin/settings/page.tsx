import { BankSettingsForm } from "@/components/apps/bank-settings-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { getBankSettings } from "@/lib/settings/bank-settings";

export const metadata = { title: "Bank settings" };
export const dynamic = "force-dynamic";

export default async function BankSettingsPage() {
  await requirePageUser("admin");
  const settings = await getBankSettings(getDb());
  return (
    <>
      <PageHeader title="Bank settings" description="Run-time policy for every app. Changes apply at once and are recorded in the audit trail." />
      <BankSettingsForm initial={settings} />
    </>
  );
}

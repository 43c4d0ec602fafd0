import { AppForm } from "@/components/apps/app-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { appFormOptions } from "../form-options";

export const metadata = { title: "Register an app" };
export const dynamic = "force-dynamic";

export default async function NewAppPage() {
  const user = await requirePageUser("developer");
  const options = await appFormOptions(actorOf(user));
  // The first sandbox account starts chosen (fictitious data): one step fewer to a first call.
  return (
    <>
      <PageHeader title="Register an app" description="Choose the APIs, the scopes for each and the sandbox accounts the app may use, then tell the bank why. You can save a draft and submit later." />
      <AppForm initial={{ name: "", description: "", apis: [], accountIds: options.accounts.slice(0, 1).map((a) => a.id), allAccounts: false, justification: "", redirectUris: [] }} isChange={false} {...options} />
    </>
  );
}

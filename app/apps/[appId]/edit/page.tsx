import { notFound } from "next/navigation";
import { AppForm } from "@/components/apps/app-form";
import { redirectUris } from "@/lib/db/json-columns";
import { PageHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { appFormOptions } from "../../form-options";
import { loadAppForPage } from "../../load-app";

export const metadata = { title: "Edit app" };
export const dynamic = "force-dynamic";

export default async function EditAppPage({ params }: { params: Promise<{ appId: string }> }) {
  const user = await requirePageUser("developer");
  const actor = actorOf(user);
  const { appId } = await params;
  const { app } = await loadAppForPage(actor, appId);
  if (app.status === "suspended") notFound();
  const options = await appFormOptions(actor);
  const latest = app.requests[0];
  // Start from the open draft, else the last decided-against request, else the grant in force.
  const source = latest && latest.status !== "approved" ? { apis: latest.apis, accounts: latest.accounts, allAccounts: latest.allAccounts, justification: latest.justification } : { apis: app.apis, accounts: app.accounts, allAccounts: app.allAccounts, justification: "" };
  return (
    <>
      <PageHeader title={`Edit ${app.name}`} description={app.clientId ? "Change what the app may do. The bank reviews the change before it takes effect." : "Change the request, then submit it for review."} />
      <AppForm
        appId={app.id}
        isChange={!!app.clientId}
        initial={{
          name: app.name,
          description: app.description,
          apis: source.apis.map((a) => ({ apiVersionId: a.apiVersionId, scopes: a.scopes })),
          accountIds: source.accounts.map((a) => a.accountId),
          allAccounts: source.allAccounts,
          justification: source.justification,
          redirectUris: redirectUris(app.redirectUris),
        }}
        {...options}
      />
    </>
  );
}

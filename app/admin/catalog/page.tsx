import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { VisibilityBadge } from "@/components/catalog/badges";
import { UploadSpecForm } from "@/components/catalog/admin/upload-spec-form";
import { LifecycleSelect } from "@/components/catalog/admin/lifecycle-select";
import { VisibilityForm } from "@/components/catalog/admin/visibility-form";
import { SelfServiceForm } from "@/components/catalog/admin/self-service-form";
import { TokenManager } from "@/components/catalog/admin/token-manager";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { listApis } from "@/lib/catalog/list-apis";
import { listManagementTokens } from "@/lib/catalog/list-management-tokens";
import { listOrganisationChoices } from "@/lib/catalog/list-organisations";
import { listSpecDrafts } from "@/lib/catalog/list-spec-drafts";

export const metadata = { title: "Catalogue admin" };
export const dynamic = "force-dynamic";

export default async function CatalogAdminPage() {
  const user = await requirePageUser("admin");
  const actor = actorOf(user);
  const [apis, tokens, organisations, drafts] = await Promise.all([listApis({ actor }), listManagementTokens({ actor }), listOrganisationChoices({ actor }), listSpecDrafts({ actor })]);
  return (
    <>
      <PageHeader title="Catalogue" description="Publish OpenAPI specs, move versions through their lifecycle, choose who sees each API and which are self-service in the sandbox, and issue tokens for your CI." />
      <div className="space-y-6">
        <Card>
          <h2 className="mb-3 text-lg font-semibold text-slate-900">Publish a spec</h2>
          <UploadSpecForm />
        </Card>

        {drafts.length ? (
          <Card>
            <h2 id="drafts-heading" className="mb-1 text-lg font-semibold text-slate-900">Drafts waiting for a decision ({drafts.length})</h2>
            <p className="mb-3 text-sm text-slate-600">Imports that need decisions their overlay did not give (account identifiers to confirm). Not published, not visible to developers.</p>
            <ul aria-labelledby="drafts-heading" className="divide-y divide-slate-100">
              {drafts.map((d) => (
                <li key={d.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
                  <Link className="font-semibold text-brand-700 hover:underline" href={`/admin/catalog/drafts/${encodeURIComponent(d.id)}`}>{d.name} {d.version}</Link>
                  <span className="text-xs text-slate-500"><span className="font-mono">{d.slug}</span> · {d.savedBy} · {d.updatedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</span>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}

        <section aria-labelledby="apis-heading" className="space-y-4">
          <h2 id="apis-heading" className="text-lg font-semibold text-slate-900">APIs ({apis.length})</h2>
          {apis.length === 0 ? <EmptyState title="No APIs published yet">Upload a spec above, or run <code>npm run catalog:import -- openapi/</code>.</EmptyState> : null}
          {apis.map((api) => (
            <Card key={api.id}>
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <h3 className="font-semibold text-slate-900">
                    <Link href={`/apis/${encodeURIComponent(api.slug)}`} className="hover:underline">{api.name}</Link>{" "}
                    <span className="font-mono text-xs font-normal text-slate-500">{api.slug}</span>
                  </h3>
                  <p className="text-sm text-slate-600">{api.category}</p>
                </div>
                <div className="text-right text-sm">
                  <VisibilityBadge visibility={api.visibility} />
                  {api.visibility === "restricted" ? <p className="mt-1 text-xs text-slate-600">{api.organisations.map((o) => o.name).join(", ") || "no organisation yet"}</p> : null}
                </div>
              </div>
              <div className="mt-4 grid gap-6 md:grid-cols-2">
                <div className="overflow-x-auto">
                  <table className="w-full text-left text-sm">
                    <caption className="sr-only">Versions of {api.name}</caption>
                    <thead className="text-xs uppercase text-slate-500">
                      <tr><th scope="col" className="py-1 pr-3">Version</th><th scope="col" className="py-1 pr-3">Operations</th><th scope="col" className="py-1 pr-3">Published</th><th scope="col" className="py-1 pr-3">Score</th><th scope="col" className="py-1">Lifecycle</th></tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {api.versions.map((v) => (
                        <tr key={v.id}>
                          <td className="py-1.5 pr-3 font-mono">{v.version}{api.latest?.id === v.id ? <span className="ml-1 font-sans text-xs text-slate-500">(default)</span> : null}</td>
                          <td className="py-1.5 pr-3">{v.operationCount}</td>
                          <td className="py-1.5 pr-3">{v.createdAt.toISOString().slice(0, 10)}</td>
                          <td className="py-1.5 pr-3">
                            {v.score === null ? <span className="text-slate-500">{v.scorecardProgress ?? "–"}</span> : <Link className="text-brand-700 hover:underline" href={`/apis/${encodeURIComponent(api.slug)}/${encodeURIComponent(v.version)}`}>{v.score}</Link>}
                          </td>
                          <td className="py-1.5"><LifecycleSelect slug={api.slug} version={v.version} lifecycle={v.lifecycle} sunsetAt={v.sunsetAt?.toISOString() ?? null} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="space-y-4">
                  <VisibilityForm slug={api.slug} visibility={api.visibility} selected={api.organisations.map((o) => o.slug)} organisations={organisations.map((o) => ({ slug: o.slug, name: o.name }))} />
                  <SelfServiceForm slug={api.slug} name={api.name} selfService={api.selfService} restricted={api.visibility === "restricted"} />
                </div>
              </div>
            </Card>
          ))}
        </section>

        <Card>
          <h2 className="mb-1 text-lg font-semibold text-slate-900">Management tokens</h2>
          <p className="mb-4 text-sm text-slate-600">For your CI to publish specs to <code>/api/management/specs</code>. Stored as a hash; revoking stops them at once.</p>
          <TokenManager tokens={tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null }))} />
        </Card>
      </div>
    </>
  );
}

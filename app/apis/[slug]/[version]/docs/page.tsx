import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/card";
import { LifecycleBadge } from "@/components/catalog/badges";
import { TryItDocs } from "@/components/try-it/try-it-docs";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { docsSpec, sandboxBaseUrl } from "@/lib/catalog/docs-spec";
import { elementsAssetVersion } from "@/lib/catalog/elements-asset-version";
import { listSandboxAccounts } from "@/lib/sandbox-data/list-sandbox-accounts";
import { listTryItApps } from "@/lib/try-it/list-try-it-apps";
import { tryItOperations } from "@/lib/try-it/try-it-operations";
import { docsSamples } from "@/lib/try-it/docs-samples";
import { loadVersionOr404 } from "../../../load-version";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API docs" };

export default async function DocsPage({ params }: { params: Promise<{ slug: string; version: string }> }) {
  const user = await requirePageUser();
  const { slug, version } = await params;
  const detail = await loadVersionOr404(actorOf(user), slug, version);
  const enc = encodeURIComponent;
  // The one server URL of this page. The gateway owner's "try it as app X"
  // picker replaces it with a same-origin proxy URL.
  const serverUrl = sandboxBaseUrl(detail.api.slug, detail.version.version);
  const spec = docsSpec({ spec: detail.version.specResolved, slug: detail.api.slug, version: detail.version.version, scopeDefaults: detail.version.overlay.scopeDefaults }, { serverUrl });
  // Try-it (gateway area): the developer's approved apps, the operations and their sandbox accounts.
  const developer = user.role === "developer";
  const tryApps = developer ? await listTryItApps({ actor: actorOf(user), apiVersionId: detail.version.id }) : [];
  const samples = developer
    ? await docsSamples({ actor: actorOf(user), version: { id: detail.version.id, version: detail.version.version, slug: detail.api.slug, spec: detail.version.specResolved, accountMarks: detail.version.overlay.accountMarks } })
    : null;
  const collection = `/api/catalog/apis/${enc(detail.api.slug)}/versions/${enc(detail.version.version)}/collection`;
  const exports = [
    { label: "Postman collection", href: `${collection}?format=postman` },
    { label: "Insomnia export", href: `${collection}?format=insomnia` },
  ];
  const tryAccounts = developer ? (await listSandboxAccounts({ actor: actorOf(user) })).map((a) => ({ accountId: a.accountId, iban: a.iban, name: a.name })) : [];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600">
        <Link href="/apis" className="hover:underline">APIs</Link> <span aria-hidden>/</span>{" "}
        <Link href={`/apis/${enc(detail.api.slug)}/${enc(detail.version.version)}`} className="hover:underline">{detail.api.name}</Link> <span aria-hidden>/</span> Docs
      </nav>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">{detail.api.name} <span className="font-mono text-lg font-normal text-slate-600">v{detail.version.version}</span></h1>
        <LifecycleBadge lifecycle={detail.version.lifecycle} />
      </div>
      {detail.version.lifecycle === "deprecated" && detail.latestVersion && detail.latestVersion !== detail.version.version ? (
        <div className="mb-4">
          <Alert tone="warning">
            This version is deprecated. <Link className="font-semibold underline" href={`/apis/${enc(detail.api.slug)}/${enc(detail.latestVersion)}/docs`}>Read {detail.latestVersion}</Link>
          </Alert>
        </div>
      ) : null}
      <TryItDocs spec={spec} serverUrl={serverUrl} assetVersion={elementsAssetVersion()} slug={detail.api.slug} version={detail.version.version} apps={tryApps} operations={developer ? tryItOperations(detail.version.specResolved, detail.version.overlay.accountMarks) : []} accounts={tryAccounts} samples={samples} exports={exports} />
    </>
  );
}

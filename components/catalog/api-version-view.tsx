import Link from "next/link";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import type { ApiVersionDetail } from "@/lib/catalog/get-api-version";
import { LifecycleBadge, MethodBadge, VisibilityBadge } from "./badges";
import { ChangelogPanel } from "./changelog-panel";
import { ScoreSummary, ScorecardFindings, ScorecardProgressNote } from "./scorecard-panel";

const enc = encodeURIComponent;

/** An API version's overview: versions, scopes, operations (each linking into the docs). */
export function ApiVersionView({ detail, sandboxUrl }: { detail: ApiVersionDetail; sandboxUrl: string }) {
  const { api, version } = detail;
  const base = `/apis/${enc(api.slug)}/${enc(version.version)}`;
  const isLatest = detail.latestVersion === version.version;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600">
        <Link href="/apis" className="hover:underline">APIs</Link> <span aria-hidden>/</span> {api.name}
      </nav>
      <PageHeader
        title={api.name}
        description={api.summary}
        actions={
          <>
            <ButtonLink href={`${base}/docs`}>Read the docs</ButtonLink>
            <a href={`/api/catalog/apis/${enc(api.slug)}/versions/${enc(version.version)}/spec?format=yaml`} className="inline-flex items-center rounded-md px-3.5 py-2 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download>
              Download YAML
            </a>
            <a href={`/api/catalog/apis/${enc(api.slug)}/versions/${enc(version.version)}/spec?format=json`} className="inline-flex items-center rounded-md px-3.5 py-2 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download>
              Download JSON
            </a>
          </>
        }
      />
      {version.lifecycle === "deprecated" ? (
        <div className="mb-4">
          <Alert tone="warning">
            Version {version.version} is deprecated
            {version.sunsetAt ? <> and stops working on <time dateTime={version.sunsetAt.toISOString()}>{version.sunsetAt.toISOString().slice(0, 10)}</time></> : null}.{" "}
            {detail.latestVersion && !isLatest ? <Link className="font-semibold underline" href={`/apis/${enc(api.slug)}/${enc(detail.latestVersion)}`}>Move to {detail.latestVersion}</Link> : null}
          </Alert>
        </div>
      ) : null}
      {version.lifecycle === "retired" ? <div className="mb-4"><Alert tone="error">Version {version.version} is retired: hidden from developers.</Alert></div> : null}
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <aside className="space-y-4">
          <Card>
            <h2 className="text-sm font-semibold text-slate-900">Versions</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {detail.versions.map((v) => (
                <li key={v.version} className="flex items-center justify-between gap-2">
                  <Link href={`/apis/${enc(api.slug)}/${enc(v.version)}`} aria-current={v.version === version.version ? "page" : undefined} className={v.version === version.version ? "font-semibold text-slate-900" : "text-brand-700 hover:underline"}>
                    {v.version}
                    {v.version === detail.latestVersion ? " (latest)" : ""}
                  </Link>
                  <LifecycleBadge lifecycle={v.lifecycle} />
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <h2 className="text-sm font-semibold text-slate-900">About</h2>
            <dl className="mt-2 space-y-2 text-sm">
              <div><dt className="text-slate-500">Category</dt><dd>{api.category}</dd></div>
              <div><dt className="text-slate-500">Visible to</dt><dd><VisibilityBadge visibility={api.visibility} /></dd></div>
              <div><dt className="text-slate-500">Sandbox base URL</dt><dd className="break-all font-mono text-xs">{sandboxUrl}</dd></div>
            </dl>
          </Card>
          {version.scorecard || version.scorecardProgress ? (
            <Card>
              <h2 className="text-sm font-semibold text-slate-900">Scorecard</h2>
              {version.scorecard ? <div className="mt-2"><ScoreSummary scorecard={version.scorecard} /></div> : null}
              {version.scorecardProgress ? <ScorecardProgressNote progress={version.scorecardProgress} /> : null}
            </Card>
          ) : null}
          <Card>
            <h2 className="text-sm font-semibold text-slate-900">OAuth scopes</h2>
            <ul className="mt-2 space-y-2 text-sm">
              {Object.entries(version.scopes).map(([scope, text]) => (
                <li key={scope}><code className="rounded bg-slate-100 px-1 text-xs">{scope}</code> <span className="text-slate-600">{text}</span></li>
              ))}
            </ul>
          </Card>
        </aside>
        <div className="min-w-0 space-y-6">
        <Card className="p-0">
          <h2 className="border-b border-slate-200 px-5 py-3 font-semibold text-slate-900">Operations in {version.version}</h2>
          <ul className="divide-y divide-slate-100">
            {detail.operations.map((o) => (
              <li key={`${o.method} ${o.path}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-5 py-3">
                <MethodBadge method={o.method} />
                <Link href={`${base}/docs#/operations/${enc(o.operationId)}`} className="break-all font-mono text-sm text-brand-700 hover:underline">{o.path}</Link>
                <span className="text-sm text-slate-700">{o.summary}</span>
                <span className="ml-auto flex flex-wrap gap-1">
                  {o.scopes.map((alt) => alt.map((s) => <code key={s} className="rounded bg-slate-100 px-1 text-xs text-slate-700">{s}</code>))}
                </span>
              </li>
            ))}
          </ul>
        </Card>
        {version.changelog ? <Card><ChangelogPanel changelog={version.changelog} version={version.version} /></Card> : null}
        {version.scorecard?.detail ? (
          <Card>
            <h2 className="mb-3 font-semibold text-slate-900">Scorecard findings <span className="text-sm font-normal text-slate-500">(admins only)</span></h2>
            <ScorecardFindings detail={version.scorecard.detail} />
          </Card>
        ) : null}
        </div>
      </div>
    </>
  );
}

import Link from "next/link";
import { Alert, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { MethodBadge } from "@/components/catalog/badges";
import { SearchBox } from "@/components/catalog/search-box";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { searchCatalog, type SearchHit } from "@/lib/catalog/search-catalog";
import { PorticoError } from "@/lib/errors";

export const metadata = { title: "Search APIs" };
export const dynamic = "force-dynamic";

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const user = await requirePageUser();
  const raw = (await searchParams).q;
  const q = Array.isArray(raw) ? raw[0] : raw;
  let hits: SearchHit[] = [];
  let problem: string | undefined;
  try {
    hits = (await searchCatalog({ actor: actorOf(user), unverifiedQuery: q })).hits;
  } catch (error) {
    if (!(error instanceof PorticoError)) throw error;
    problem = error.message;
  }
  const query = (q ?? "").trim();
  return (
    <>
      <PageHeader title="Search APIs" description="Across API names and descriptions, operations, paths, parameters and schema fields. Typos are forgiven." />
      <div className="mb-6">
        <SearchBox defaultValue={query} autoFocus={!query} />
      </div>
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      {query && !problem ? (
        hits.length === 0 ? (
          <EmptyState title={`Nothing matches “${query}”`}>Try a field name such as creditorIban, a path such as /payments, or an API name.</EmptyState>
        ) : (
          <Card className="p-0">
            <h2 className="border-b border-slate-200 px-5 py-3 text-sm font-semibold text-slate-700">
              {hits.length} {hits.length === 1 ? "result" : "results"} for “{query}”
            </h2>
            <ol className="divide-y divide-slate-100">
              {hits.map((hit) => (
                <li key={hit.href} className="px-5 py-3">
                  <Link href={hit.href} className="group flex flex-wrap items-center gap-x-3 gap-y-1">
                    {hit.method ? <MethodBadge method={hit.method} /> : <span className="w-16 text-center text-xs font-semibold uppercase text-slate-500">API</span>}
                    <span className="font-semibold text-brand-700 group-hover:underline">{hit.title}</span>
                    {hit.path ? <code className="break-all text-sm text-slate-700">{hit.path}</code> : null}
                  </Link>
                  <p className="mt-1 text-xs text-slate-600 sm:pl-[4.75rem]">
                    {hit.kind === "operation" ? <>In the <span className="font-medium text-slate-800">{hit.apiName}</span> v{hit.version} · <code>{hit.operationId}</code></> : <>API · v{hit.version}</>}
                  </p>
                  {hit.why.length ? (
                    <ul className="mt-1 space-y-0.5 text-xs text-slate-600 sm:pl-[4.75rem]" aria-label={`Why ${hit.title} matched`}>
                      {hit.why.map((reason) => (
                        <li key={reason} className="break-words">{reason.charAt(0).toUpperCase() + reason.slice(1)}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </Card>
        )
      ) : null}
    </>
  );
}

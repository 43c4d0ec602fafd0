import Link from "next/link";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { LifecycleBadge } from "@/components/catalog/badges";
import { SearchBox } from "@/components/catalog/search-box";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { listApis } from "@/lib/catalog/list-apis";

export const metadata = { title: "APIs" };
export const dynamic = "force-dynamic";

export default async function CataloguePage({ searchParams }: { searchParams: Promise<{ category?: string | string[] }> }) {
  const user = await requirePageUser();
  const raw = (await searchParams).category;
  const selected = typeof raw === "string" && raw ? raw : undefined;
  const all = await listApis({ actor: actorOf(user) });
  const categories = [...new Set(all.map((a) => a.category))].sort();
  const apis = selected ? all.filter((a) => a.category === selected) : all;
  const chip = (active: boolean) =>
    `rounded-full px-3 py-1 text-sm ring-1 ring-inset ${active ? "bg-brand-700 font-semibold text-white ring-brand-700" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`;
  return (
    <>
      <PageHeader title="APIs" description="The bank's APIs you can build on. Each runs in the sandbox with fictitious customers and accounts." />
      <div className="mb-6">
        <SearchBox />
      </div>
      {categories.length > 1 ? (
        <nav aria-label="Categories" className="mb-6 flex flex-wrap gap-2">
          <Link href="/apis" aria-current={selected ? undefined : "page"} className={chip(!selected)}>All</Link>
          {categories.map((c) => (
            <Link key={c} href={`/apis?category=${encodeURIComponent(c)}`} aria-current={c === selected ? "page" : undefined} className={chip(c === selected)}>{c}</Link>
          ))}
        </nav>
      ) : null}
      {apis.length === 0 ? (
        <EmptyState title="No APIs yet">The bank has not published any API you can see.</EmptyState>
      ) : (
        <section aria-labelledby="all-apis">
          <h2 id="all-apis" className="mb-3 text-sm font-semibold text-slate-700">
            {selected ? `${apis.length} ${apis.length === 1 ? "API" : "APIs"} in ${selected}` : `${apis.length} ${apis.length === 1 ? "API" : "APIs"} in ${categories.length} ${categories.length === 1 ? "category" : "categories"}`}
          </h2>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {apis.map((api) => (
              <li key={api.id}>
                <Link href={`/apis/${encodeURIComponent(api.slug)}`} className="block h-full rounded-lg focus:outline-none focus:ring-2 focus:ring-brand-600">
                  <Card className="flex h-full flex-col transition hover:border-brand-600">
                    <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{api.category}</p>
                    <div className="mt-1 flex items-start justify-between gap-2">
                      <h3 className="font-semibold text-slate-900">{api.name}</h3>
                      {api.visibility === "restricted" ? <Badge tone="blue">restricted</Badge> : null}
                    </div>
                    <p className="mt-1 line-clamp-3 flex-1 text-sm text-slate-600">{api.summary}</p>
                    <p className="mt-3 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                      {api.latest ? (
                        <>
                          <span className="font-mono">v{api.latest.version}</span>
                          <LifecycleBadge lifecycle={api.latest.lifecycle} />
                          <span>{api.latest.operationCount} operations</span>
                        </>
                      ) : (
                        <LifecycleBadge lifecycle="retired" />
                      )}
                      {api.versions.length > 1 ? <span>· {api.versions.length} versions</span> : null}
                    </p>
                  </Card>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

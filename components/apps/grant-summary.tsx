import { Badge } from "@/components/ui/card";
import { formatSortCode } from "./format";

type ApiRow = { apiVersionId: string; scopes: string[]; apiVersion: { version: string; lifecycle: string; api: { name: string } } };
type AccountRow = { accountId: string; account: { accountId: string; name: string; iban: string; sortCode: string; accountNumber: string; currency: string; customer: { name: string } } };

/** What an app has (grant) or asks for (request): APIs with their scopes, and the accounts. */
export function GrantSummary({ apis, accounts, allAccounts, empty = "Nothing yet" }: { apis: ApiRow[]; accounts: AccountRow[]; allAccounts: boolean; empty?: string }) {
  if (apis.length === 0 && accounts.length === 0 && !allAccounts) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">APIs and scopes</h4>
        <ul className="mt-2 space-y-2">
          {apis.map((a) => (
            <li key={a.apiVersionId} className="text-sm">
              <span className="font-medium text-slate-900">{a.apiVersion.api.name}</span> <span className="text-slate-600">v{a.apiVersion.version}</span>
              {a.apiVersion.lifecycle !== "published" ? <span className="ml-2"><Badge tone="amber">{a.apiVersion.lifecycle}</Badge></span> : null}
              <div className="mt-1 flex flex-wrap gap-1">
                {a.scopes.map((s) => (
                  <code key={s} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">{s}</code>
                ))}
              </div>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Sandbox accounts</h4>
        {allAccounts ? (
          <p className="mt-2 text-sm">Every account of the organisation</p>
        ) : (
          <ul className="mt-2 space-y-1.5">
            {accounts.map(({ account: a }) => (
              <li key={a.accountId} className="text-sm">
                <span className="font-medium text-slate-900">{a.customer.name}</span> · {a.name} ({a.currency})
                <div className="font-mono text-xs text-slate-600">{a.accountId} · {a.iban} · {formatSortCode(a.sortCode)} {a.accountNumber}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

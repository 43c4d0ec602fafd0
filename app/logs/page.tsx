import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { describeViolation, fieldErrors, fieldOf } from "@/components/ui/field-errors";
import { utc } from "@/components/compliance/status-badge";
import { clientIp, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { listRequestLogs } from "@/lib/logs/list-request-logs";
import { PorticoError } from "@/lib/errors";

export const metadata = { title: "Request logs" };
export const dynamic = "force-dynamic";

type Search = { appId?: string; outcome?: string; from?: string; to?: string; before?: string };

export default async function RequestLogsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageUser("developer", "admin", "compliance");
  const search = await searchParams;
  const filter = Object.fromEntries(Object.entries({ appId: search.appId, outcome: search.outcome, from: search.from, to: search.to }).filter(([, v]) => v));
  const result = await listRequestLogs({ actor: actorOf(user, await clientIp()), unverifiedFilter: { ...filter, before: search.before } }).catch((error) => {
    if (error instanceof PorticoError && error.code === "validation_failed") return { error };
    if (error instanceof PorticoError && error.code === "not_found") notFound();
    throw error;
  });
  // A refused filter: each problem beside its field, the rest (outcome, page) in the alert, in words.
  const LABELS: Record<string, string> = { appId: "App id", outcome: "Outcome", from: "From", to: "To", before: "Page" };
  const violations = "error" in result ? (result.error.violations ?? []) : [];
  const errors = fieldErrors(violations);
  const unplaced = violations.filter((v) => !["appId", "from", "to"].includes(fieldOf(v.pointer) ?? ""));
  return (
    <>
      <PageHeader
        title="Request logs"
        description={
          user.role === "developer"
            ? `Sandbox calls of ${user.organisationName ?? "your organisation"}'s apps. Tokens, secrets, account numbers, IBANs and card numbers were redacted before storage.`
            : "Sandbox calls of every app. Sensitive values were redacted before storage; your reading is recorded in the audit trail."
        }
      />
      <Card className="mb-6">
        <form action="/logs" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
          <Field label="App id" name="appId" defaultValue={search.appId} error={errors.appId} />
          <div>
            <label htmlFor="outcome" className="block text-sm font-medium text-slate-800">Outcome</label>
            <select id="outcome" name="outcome" defaultValue={search.outcome ?? ""} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
              <option value="">All</option>
              <option value="ok">Successful (&lt; 400)</option>
              <option value="error">Errors (≥ 400)</option>
            </select>
          </div>
          <Field label="From" name="from" type="date" defaultValue={search.from} error={errors.from} />
          <Field label="To" name="to" type="date" defaultValue={search.to} error={errors.to} />
          <div className="flex gap-2">
            <Button type="submit">Filter</Button>
            <ButtonLink variant="ghost" href="/logs">Clear</ButtonLink>
          </div>
        </form>
      </Card>
      {"error" in result ? (
        <Alert tone="error">{result.error.message}{unplaced.length ? `: ${unplaced.map((v) => describeViolation(v, LABELS)).join("; ")}` : ""}</Alert>
      ) : result.logs.length === 0 ? (
        <EmptyState title="No sandbox calls logged">
          {user.role === "developer" ? "Calls your apps make to the sandbox show up here within a second." : "Nothing matches these filters."}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto p-0">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Sandbox requests, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase text-slate-500">
              <tr><th className="px-3 py-2">Time</th><th className="px-3 py-2">App</th><th className="px-3 py-2">Request</th><th className="px-3 py-2">Status</th><th className="px-3 py-2">Latency</th><th className="px-3 py-2">Source IP</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.logs.map((l) => (
                <tr key={l.id}>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{utc(l.at)}</td>
                  <td className="px-3 py-2 text-xs">
                    {l.appId ? <Link className="text-brand-700 hover:underline" href={`/logs?appId=${l.appId}`}>{l.appName ?? l.appId}</Link> : "—"}
                  </td>
                  <td className="break-all px-3 py-2 font-mono text-xs">{l.method} {l.path}</td>
                  <td className="px-3 py-2">
                    <span className={l.status >= 400 ? "font-semibold text-red-700" : "text-emerald-800"}>{l.status}</span>
                    {l.errorCode ? <span className="block text-xs text-slate-500">{l.errorCode}</span> : null}
                  </td>
                  <td className="px-3 py-2 text-xs">{l.latencyMs.toFixed(1)} ms</td>
                  <td className="px-3 py-2 font-mono text-xs">{l.sourceIp ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {"logs" in result && result.nextBefore ? (
        <p className="mt-4 text-sm">
          <Link className="font-semibold text-brand-700 hover:underline" href={`/logs?${new URLSearchParams({ ...filter, before: result.nextBefore })}`}>Older calls →</Link>
        </p>
      ) : null}
    </>
  );
}

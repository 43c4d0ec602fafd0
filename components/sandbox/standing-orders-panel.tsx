"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDate } from "@/components/apps/format";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";

export type StandingOrderRow = { standingOrderId: string; debtorAccountId: string; amount: string; currency: string; creditorName: string; reference: string; frequency: string; nextDueAt: string; runs: number };

/** The app's standing orders in the sandbox: set one up from a granted account, see when it next pays, cancel it (both audited on the server). */
export function StandingOrdersPanel(props: { appId: string; accounts: { accountId: string; label: string }[]; orders: StandingOrderRow[]; canManage: boolean }) {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const value = (name: string) => String(form.get(name) ?? "").trim();
    const body = {
      appId: props.appId,
      debtorAccountId: value("debtorAccountId"),
      creditorName: value("creditorName"),
      creditorIban: value("creditorIban"),
      amount: value("amount"),
      reference: value("reference"),
      frequency: value("frequency"),
      ...(value("firstPaymentDate") ? { firstPaymentDate: value("firstPaymentDate") } : {}),
    };
    setBusy(true);
    setProblem(null);
    const result = await callApi("/api/sandbox/standing-orders", "POST", body);
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    element.reset();
    router.refresh();
  }
  async function cancel(id: string) {
    if (!window.confirm("Cancel this standing order? Payments already made stay.")) return;
    setBusy(true);
    setProblem(null);
    const result = await callApi(`/api/sandbox/standing-orders/${encodeURIComponent(id)}`, "DELETE");
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <ProblemAlert problem={problem} />
      {props.orders.length ? (
        <ul aria-label="Standing orders" className="space-y-2">
          {props.orders.map((o) => (
            <li key={o.standingOrderId} className="text-sm" data-testid="standing-order-row">
              <span className="font-medium text-slate-900">{o.amount} {o.currency} {o.frequency} to {o.creditorName}</span>
              <div className="font-mono text-xs text-slate-600">{o.standingOrderId} · from {o.debtorAccountId}</div>
              <div className="flex items-center justify-between gap-2 text-xs text-slate-600">
                <span>Next {formatDate(o.nextDueAt)} · {o.runs} paid · ref {o.reference}</span>
                {props.canManage ? <Button variant="ghost" onClick={() => void cancel(o.standingOrderId)} disabled={busy}>Cancel</Button> : null}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No standing orders yet.</p>
      )}
      {props.canManage && props.accounts.length ? (
        <form onSubmit={(e) => void create(e)} className="space-y-2 border-t border-slate-100 pt-3">
          <div>
            <label htmlFor="so-account" className="block text-sm font-medium text-slate-800">From account</label>
            <select id="so-account" name="debtorAccountId" className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm">
              {props.accounts.map((a) => <option key={a.accountId} value={a.accountId}>{a.label}</option>)}
            </select>
          </div>
          <Field label="Payee name" name="creditorName" id="so-creditor-name" required maxLength={70} />
          <Field label="Payee IBAN" name="creditorIban" id="so-creditor-iban" required placeholder="GB29NWBK60161331926819" />
          <div className="grid grid-cols-2 gap-2">
            <Field label="Amount" name="amount" id="so-amount" required inputMode="decimal" placeholder="25.00" />
            <div>
              <label htmlFor="so-frequency" className="block text-sm font-medium text-slate-800">Every</label>
              <select id="so-frequency" name="frequency" defaultValue="monthly" className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-2 text-sm">
                <option value="daily">day</option>
                <option value="weekly">week</option>
                <option value="monthly">month</option>
              </select>
            </div>
          </div>
          <Field label="Reference" name="reference" id="so-reference" required maxLength={18} />
          <Field label="First payment (sandbox date)" name="firstPaymentDate" id="so-first" type="date" hint="Tomorrow by the sandbox clock when left empty." />
          <Button type="submit" variant="secondary" disabled={busy}>Set up standing order</Button>
        </form>
      ) : null}
    </div>
  );
}

import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { GettingStarted } from "@/lib/apps/getting-started";

/** The four steps to a first sandbox payment, ticked from real events (lib/apps/getting-started.ts). */
export function GettingStartedChecklist({ progress }: { progress: GettingStarted }) {
  const app = progress.appId ? `/apps/${progress.appId}` : "/apps/new";
  const steps = [
    { done: progress.appCreated, label: "Create an app", hint: "Apps for self-service APIs are approved at once.", href: "/apps/new", action: "Register an app" },
    { done: progress.secretIssued, label: "Get a client secret", hint: "Shown once; the app page keeps only its last characters.", href: app, action: "Open your app" },
    { done: progress.firstCall, label: "Make a first sandbox call", hint: "Copy the ready first call from your app's page.", href: app, action: "See the first call" },
    { done: progress.paymentTried, label: "Try a payment", hint: "Send a payment from the Payments API docs, or with its code sample.", href: "/apis", action: "Browse the APIs" },
  ];
  const done = steps.filter((s) => s.done).length;
  const next = steps.findIndex((s) => !s.done);
  return (
    <Card className="mb-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">Getting started</h2>
        <p className="text-sm text-slate-600" data-testid="getting-started-progress">{done} of {steps.length} done</p>
      </div>
      <ol className="mt-3 space-y-2" aria-label="Getting started steps">
        {steps.map((s, i) => (
          <li key={s.label} className="flex items-start gap-3 text-sm" data-done={s.done}>
            <span aria-hidden className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${s.done ? "bg-emerald-600 text-white" : "ring-1 ring-inset ring-slate-300 text-slate-500"}`}>
              {s.done ? "✓" : i + 1}
            </span>
            <span className="min-w-0">
              <span className={`font-medium ${s.done ? "text-slate-500" : "text-slate-900"}`}>{s.label}</span>
              <span className="sr-only">{s.done ? " (done)" : " (to do)"}</span>
              {!s.done ? <span className="block text-slate-600">{s.hint}</span> : null}
              {i === next ? <Link href={s.href} className="mt-1 inline-block font-semibold text-brand-700 underline">{s.action}</Link> : null}
            </span>
          </li>
        ))}
      </ol>
    </Card>
  );
}

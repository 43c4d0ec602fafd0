import { Card } from "@/components/ui/card";
import { utc } from "@/components/compliance/status-badge";
import type { SiemStatus } from "@/lib/siem/get-siem-status";

const ago = (seconds: number) => (seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`);

/** The SIEM sink at a glance: on or off, where it sends, how far behind it is, the last error. */
export function SiemStatusCard({ status }: { status: SiemStatus }) {
  const failing = status.failures > 0 || status.configError !== null;
  return (
    <div data-testid="siem-status"><Card className="mb-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold text-slate-900">SIEM sink</h2>
        <p className="text-xs text-slate-500">Request logs and audit records, redacted, to the bank&apos;s SIEM</p>
      </div>
      {!status.enabled ? (
        <p className="mt-2 text-sm text-slate-600">Off: set SIEM_URL (syslog+tls://… or https://…) to stream events.{status.pending ? ` ${status.pending.toLocaleString("en-GB")} events from an earlier run are still queued.` : ""}</p>
      ) : (
        <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div><dt className="text-slate-500">Receiver</dt><dd className="break-all font-mono text-xs">{status.target ?? "—"}</dd></div>
          <div><dt className="text-slate-500">Queued</dt><dd className="font-semibold" data-testid="siem-pending">{status.pending.toLocaleString("en-GB")}{status.lagSeconds !== null ? <span className="font-normal text-slate-600"> · oldest {ago(status.lagSeconds)} old</span> : null}</dd></div>
          <div><dt className="text-slate-500">Delivered</dt><dd className="font-semibold">{status.delivered.toLocaleString("en-GB")}<span className="block text-xs font-normal text-slate-600">last {utc(status.lastDeliveredAt)}</span></dd></div>
          <div><dt className="text-slate-500">State</dt><dd className={`font-semibold ${failing ? "text-red-700" : "text-emerald-700"}`}>{failing ? (status.configError ? "Not configured correctly" : `Failing (${status.failures} attempts)`) : "Delivering"}</dd></div>
        </dl>
      )}
      {status.configError || status.lastError ? (
        <p className={`mt-2 text-xs ${failing ? "text-red-700" : "text-slate-600"}`}>
          {status.configError ?? `Last error ${utc(status.lastErrorAt)}: ${status.lastError}`}
        </p>
      ) : null}
    </Card></div>
  );
}

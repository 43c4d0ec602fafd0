import { ACTION_LABEL, formatDateTime } from "./format";

type Event = { seq: number; at: Date; actorRole: string; actorLabel: string; action: string; reason: string | null };

/** The app's audit trail: who (and in which role), when, what, why. */
export function HistoryList({ events }: { events: Event[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No history yet.</p>;
  return (
    <ol className="space-y-3 border-l border-slate-200 pl-4">
      {events.map((e) => (
        <li key={e.seq} className="text-sm">
          <p className="font-medium text-slate-900">{ACTION_LABEL[e.action] ?? e.action}</p>
          <p className="text-xs text-slate-600">
            {e.actorLabel} ({e.actorRole}) · {formatDateTime(e.at)}
          </p>
          {e.reason ? <p className="mt-1 rounded bg-slate-50 px-2 py-1 text-slate-700">Reason: {e.reason}</p> : null}
        </li>
      ))}
    </ol>
  );
}

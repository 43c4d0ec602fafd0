"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type OperationChartRow = { label: string; calls: number; errors: number; p95LatencyMs: number | null };

const axis = { fontSize: 11, fill: "#475569" };
const short = (label: string) => (label.length > 22 ? `${label.slice(0, 21)}…` : label);

/**
 * Calls (successful and failed) and p95 latency per operation, busiest
 * first, as horizontal bars (recharts). The table next to it carries the
 * same figures for screen readers.
 */
export function OperationCharts({ operations }: { operations: OperationChartRow[] }) {
  const rows = operations.slice(0, 12).map((o) => ({ ...o, ok: o.calls - o.errors }));
  const height = Math.max(120, rows.length * 28 + 40);
  const busiest = rows[0];
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="operation-charts">
      <figure className="min-w-0">
        <figcaption className="mb-1 text-sm font-medium text-slate-700">Calls per operation</figcaption>
        <div style={{ height }} role="img" aria-label={`Calls per operation: ${rows.length} operations${busiest ? `; busiest ${busiest.label} with ${busiest.calls}` : ""}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis type="number" allowDecimals={false} tick={axis} />
              <YAxis type="category" dataKey="label" width={150} tickFormatter={short} tick={axis} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="ok" name="Successful" stackId="calls" fill="#1d4ed8" />
              <Bar dataKey="errors" name="Errors" stackId="calls" fill="#b91c1c" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="min-w-0">
        <figcaption className="mb-1 text-sm font-medium text-slate-700">p95 latency per operation (ms)</figcaption>
        <div style={{ height }} role="img" aria-label={`p95 latency per operation for ${rows.length} operations`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis type="number" tick={axis} />
              <YAxis type="category" dataKey="label" width={150} tickFormatter={short} tick={axis} />
              <Tooltip />
              <Bar dataKey="p95LatencyMs" name="p95 ms" fill="#0f766e" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}

export type HourRow = { hour: string; calls: number; errors: number };

/** Calls and errors per hour (the compliance console's last 24 hours). */
export function HourlyTrafficChart({ hours }: { hours: HourRow[] }) {
  const rows = hours.map((h) => ({ ...h, ok: h.calls - h.errors }));
  const total = hours.reduce((n, h) => n + h.calls, 0);
  const busiest = hours.reduce((a, b) => (b.calls > a.calls ? b : a), hours[0] ?? { hour: "", calls: 0, errors: 0 });
  return (
    <figure className="mt-4 min-w-0" data-testid="hourly-traffic">
      <figcaption className="mb-1 text-sm font-medium text-slate-700">Calls per hour (UTC)</figcaption>
      <div className="h-40" role="img" aria-label={`Calls per hour: ${total} calls; busiest hour ${busiest.hour} with ${busiest.calls}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="hour" tick={axis} interval={5} />
            <YAxis allowDecimals={false} tick={axis} />
            <Tooltip />
            <Bar dataKey="ok" name="Successful" stackId="calls" fill="#1d4ed8" />
            <Bar dataKey="errors" name="Errors" stackId="calls" fill="#b91c1c" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

"use client";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type UsageChartDay = { day: string; calls: number; errors: number; errorRate: number; p95LatencyMs: number | null };

const axis = { fontSize: 11, fill: "#475569" };
const short = (day: string) => day.slice(5);

function Chart({ title, children, summary }: { title: string; children: React.ReactElement; summary: string }) {
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium text-slate-700">{title}</figcaption>
      {/* The chart is a picture; the text summary is what screen readers get. */}
      <div className="h-40" role="img" aria-label={`${title}: ${summary}`}>
        <ResponsiveContainer width="100%" height="100%">{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Calls per day, error rate and p95 latency for one app (recharts). */
export function UsageCharts({ days }: { days: UsageChartDay[] }) {
  // A day without calls has no error rate: leave a gap rather than draw 0 %.
  const rates = days.map((d) => ({ ...d, errorRate: d.calls ? d.errorRate : null }));
  const total = days.reduce((n, d) => n + d.calls, 0);
  const busiest = days.reduce((a, b) => (b.calls > a.calls ? b : a), days[0]!);
  const worst = days.reduce((a, b) => (b.errorRate > a.errorRate ? b : a), days[0]!);
  const slowest = days.reduce((a, b) => ((b.p95LatencyMs ?? 0) > (a.p95LatencyMs ?? 0) ? b : a), days[0]!);
  return (
    <div className="grid gap-4 md:grid-cols-3">
      <Chart title="Calls per day" summary={`${total} calls; busiest ${busiest.day} with ${busiest.calls}`}>
        <BarChart data={days} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={short} tick={axis} />
          <YAxis allowDecimals={false} tick={axis} />
          <Tooltip />
          <Bar dataKey="calls" name="Calls" fill="#1d4ed8" />
          <Bar dataKey="errors" name="Errors" fill="#b91c1c" />
        </BarChart>
      </Chart>
      <Chart title="Error rate (%)" summary={`highest ${worst.errorRate}% on ${worst.day}`}>
        <LineChart data={rates} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={short} tick={axis} />
          <YAxis domain={[0, 100]} tick={axis} />
          <Tooltip />
          <Line type="monotone" dataKey="errorRate" name="Error rate %" stroke="#b91c1c" dot={{ r: 3 }} strokeWidth={2} connectNulls />
        </LineChart>
      </Chart>
      <Chart title="p95 latency (ms)" summary={slowest.p95LatencyMs === null ? "no calls" : `slowest ${slowest.p95LatencyMs} ms on ${slowest.day}`}>
        <LineChart data={days} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={short} tick={axis} />
          <YAxis tick={axis} />
          <Tooltip />
          <Line type="monotone" dataKey="p95LatencyMs" name="p95 ms" stroke="#0f766e" dot={{ r: 3 }} strokeWidth={2} connectNulls />
        </LineChart>
      </Chart>
    </div>
  );
}

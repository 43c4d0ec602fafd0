/** Bar colour per status class, the same as the usage page's class bar. */
const COLOURS: Record<number, string> = { 1: "bg-slate-400", 2: "bg-emerald-600", 3: "bg-sky-600", 4: "bg-amber-500", 5: "bg-red-700" };

/**
 * Calls per exact status code, most frequent first: a small table whose
 * last column is a bar of each code's share (plain HTML, so it reads the same
 * to a screen reader and needs no client script).
 */
export function StatusCodeTable({ codes, caption }: { codes: { status: number; calls: number }[]; caption: string }) {
  const total = codes.reduce((n, c) => n + c.calls, 0);
  if (!total) return null;
  return (
    <table className="w-full max-w-md text-left text-xs" data-testid="status-codes">
      <caption className="mb-1 text-left text-sm font-medium text-slate-700">{caption}</caption>
      <thead className="uppercase text-slate-500"><tr><th className="py-1 pr-2">Status</th><th className="py-1 pr-2 text-right">Calls</th><th className="py-1 pr-2 text-right">Share</th><th className="w-1/2 py-1"><span className="sr-only">Bar</span></th></tr></thead>
      <tbody className="divide-y divide-slate-100">
        {codes.map((c) => {
          const share = (c.calls / total) * 100;
          return (
            <tr key={c.status}>
              <td className="py-1 pr-2 font-mono">{c.status}</td>
              <td className="py-1 pr-2 text-right tabular-nums">{c.calls.toLocaleString("en-GB")}</td>
              <td className="py-1 pr-2 text-right tabular-nums">{share < 0.1 ? "<0.1" : share.toFixed(1)}%</td>
              <td className="py-1" aria-hidden="true"><div className="h-2 rounded-full bg-slate-100"><div className={`h-2 rounded-full ${COLOURS[Math.floor(c.status / 100)] ?? "bg-slate-400"}`} style={{ width: `${Math.max(share, 0.5)}%` }} /></div></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

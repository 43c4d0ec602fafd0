// A worker that runs passes over a table (due callbacks, due mails) in this
// process: one pass at a time, the next `intervalMs` after the last ended,
// so a slow pass never overlaps the next; a failed pass is logged and the
// next one still comes. stop() waits for the pass under way.
import { logServerError } from "@/lib/errors/redact";

export function repeatPasses(options: { label: string; intervalMs: number; pass: () => Promise<unknown> }): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = options
      .pass()
      .catch((error) => logServerError(`${options.label}:`, error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, options.intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

// Preloaded into the soak's server process (bench/soak.ts spawns it with
// `--expose-gc --import ./bench/memory-probe.ts` and an IPC channel), so the
// soak can tell live heap (a leak keeps growing after GC) from memory the
// process merely holds (RSS). `npm start` never loads this.
//   { id, kind: "memory", gc }     → { id, kind, usage }: process.memoryUsage(), after a full GC when `gc`
//   { id, kind: "snapshot", file } → { id, kind, file }: a heap snapshot (after a full GC) written to `file`
import { writeHeapSnapshot } from "node:v8";

type Gc = () => void;
type Message = { id?: number; kind?: string; gc?: boolean; file?: string };
const gc = () => (globalThis as { gc?: Gc }).gc?.();

process.on("message", (message: Message) => {
  if (message?.kind === "memory") {
    if (message.gc) gc();
    process.send?.({ id: message.id, kind: "memory", usage: process.memoryUsage() });
  } else if (message?.kind === "snapshot" && message.file) {
    gc();
    process.send?.({ id: message.id, kind: "snapshot", file: writeHeapSnapshot(message.file) });
  }
});

import { Badge } from "@/components/ui/card";

const TONE: Record<string, "gray" | "green" | "amber" | "red" | "blue"> = {
  active: "green",
  approved: "green",
  pending: "amber",
  draft: "gray",
  rejected: "gray",
  suspended: "red",
  revoked: "red",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONE[status] ?? "gray"}>{status}</Badge>;
}

/** Dates in the console: UTC, to the second, the same for every reader. */
export function utc(date: Date | string | null | undefined): string {
  if (!date) return "—";
  return `${new Date(date).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

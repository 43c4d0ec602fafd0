import { Badge } from "@/components/ui/card";

const TONE = {
  draft: "gray",
  pending: "amber",
  approved: "green",
  rejected: "red",
  suspended: "red",
  withdrawn: "gray",
} as const;

const LABEL: Record<string, string> = {
  draft: "Draft",
  pending: "Waiting for review",
  approved: "Approved",
  rejected: "Rejected",
  suspended: "Suspended",
  withdrawn: "Withdrawn",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONE[status as keyof typeof TONE] ?? "gray"}>{LABEL[status] ?? status}</Badge>;
}

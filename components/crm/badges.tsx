import { Badge } from "@/components/ui/badge";
import type { InteractionKind, InteractionStatus } from "@/db/schema";

export const KIND_LABEL: Record<InteractionKind, string> = {
  MEETING: "Meeting",
  CALL: "Call",
  TASK: "Task",
  FOLLOW_UP: "Follow-up",
};

const STATUS = {
  PLANNED: { tone: "indigo", label: "Planned" },
  DONE: { tone: "green", label: "Done" },
  CANCELLED: { tone: "gray", label: "Cancelled" },
} as const;

export const InteractionStatusBadge = ({
  status,
  overdue,
}: {
  status: InteractionStatus;
  overdue?: boolean;
}) =>
  overdue ? (
    <Badge tone="red">Overdue</Badge>
  ) : (
    <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>
  );

export const CustomerStatusBadge = ({ status }: { status: "ACTIVE" | "DEACTIVATED" }) =>
  status === "ACTIVE" ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Deactivated</Badge>;

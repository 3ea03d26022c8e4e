import { Badge } from "@/components/ui/badge";
import type { InteractionKind, InteractionStatus } from "@/db/schema";
import { INTERACTION_KIND_LABEL, INTERACTION_STATUS_LABEL } from "@/lib/labels";

export const KIND_LABEL: Record<InteractionKind, string> = INTERACTION_KIND_LABEL;

const STATUS_TONE = { PLANNED: "indigo", DONE: "green", CANCELLED: "gray" } as const;

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
    <Badge tone={STATUS_TONE[status]}>{INTERACTION_STATUS_LABEL[status]}</Badge>
  );

export const CustomerStatusBadge = ({ status }: { status: "ACTIVE" | "DEACTIVATED" }) =>
  status === "ACTIVE" ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Deactivated</Badge>;

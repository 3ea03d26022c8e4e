import { Badge } from "@/components/ui/badge";
import type { NotificationStatus } from "@/db/schema";
import { NOTIFICATION_STATUS_LABEL } from "@/lib/labels";

const TONE = { PENDING: "amber", SENT: "green", FAILED: "red" } as const;

export const NotificationStatusBadge = ({ status }: { status: NotificationStatus }) => (
  <Badge tone={TONE[status]}>{NOTIFICATION_STATUS_LABEL[status]}</Badge>
);

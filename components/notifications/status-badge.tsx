import { Badge } from "@/components/ui/badge";
import type { NotificationStatus } from "@/db/schema";

const TONE = { PENDING: "amber", SENT: "green", FAILED: "red" } as const;
const LABEL = { PENDING: "Pending", SENT: "Sent", FAILED: "Failed" } as const;

export const NotificationStatusBadge = ({ status }: { status: NotificationStatus }) => (
  <Badge tone={TONE[status]}>{LABEL[status]}</Badge>
);

import { Badge } from "@/components/ui/badge";
import type { InboundStatus } from "@/db/enums";
import { INBOUND_STATUS_LABEL } from "@/lib/labels";

// Red only for what waits on an admin (retry or discard); a refusal was decided, not failed.
const TONE = {
  RECEIVED: "indigo",
  CREATED: "green",
  THREADED: "green",
  IGNORED: "gray",
  REFUSED: "amber",
  QUARANTINED: "red",
  DISCARDED: "gray",
} as const;

export const InboundStatusBadge = ({ status }: { status: InboundStatus }) => (
  <Badge tone={TONE[status]}>{INBOUND_STATUS_LABEL[status]}</Badge>
);

import { inboundStatus } from "@/lib/email/mailboxes";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";

/** The ways in as the answering instance runs them, and every mailbox's last check. Admins. */
export const GET = withApi(({ actor }) => inboundStatus(actor), { roles: ["ADMIN"] });

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });

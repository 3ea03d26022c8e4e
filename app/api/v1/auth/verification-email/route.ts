import { withApi } from "@/lib/http/with-api";
import { resendVerification } from "@/lib/users/verify-email";

/** A signed-in user asks for a new verification link. */
export const POST = withApi(({ actor }) => resendVerification(actor));

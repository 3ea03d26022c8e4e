import { withApi } from "@/lib/http/with-api";
import { resendVerification } from "@/lib/users/verify-email";
import { otherMethods } from "@/lib/http/route-methods";

/** A signed-in user asks for a new verification link. */
export const POST = withApi(({ actor }) => resendVerification(actor));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });

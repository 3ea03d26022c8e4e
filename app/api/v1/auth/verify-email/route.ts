import { withApi } from "@/lib/http/with-api";
import { verifyEmail } from "@/lib/users/verify-email";
import { verifyEmailSchema } from "@/lib/validation/users";
import { otherMethods } from "@/lib/http/route-methods";

/** Opens the link from the verification email (the token is the link's `token` parameter). */
export const POST = withApi(({ body }) => verifyEmail(body.token), {
  auth: false,
  body: verifyEmailSchema,
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });

import { withApi } from "@/lib/http/with-api";
import { requestPasswordReset } from "@/lib/users/reset-password";
import { forgotPasswordSchema } from "@/lib/validation/users";
import { otherMethods } from "@/lib/http/route-methods";

/** The same 200 answer whether or not the address has an account. */
export const POST = withApi(({ body }) => requestPasswordReset(body), {
  auth: false,
  body: forgotPasswordSchema,
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });

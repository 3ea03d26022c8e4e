import { withApi } from "@/lib/http/with-api";
import { requestPasswordReset } from "@/lib/users/reset-password";
import { forgotPasswordSchema } from "@/lib/validation/users";

/** The same 200 answer whether or not the address has an account. */
export const POST = withApi(({ body }) => requestPasswordReset(body), {
  auth: false,
  body: forgotPasswordSchema,
});

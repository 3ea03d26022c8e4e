import { withApi } from "@/lib/http/with-api";
import { verifyEmail } from "@/lib/users/verify-email";
import { verifyEmailSchema } from "@/lib/validation/users";

/** Opens the link from the verification email (the token is the link's `token` parameter). */
export const POST = withApi(({ body }) => verifyEmail(body.token), {
  auth: false,
  body: verifyEmailSchema,
});

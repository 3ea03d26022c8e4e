import { withApi } from "@/lib/http/with-api";
import { resetPassword } from "@/lib/users/reset-password";
import { resetPasswordSchema } from "@/lib/validation/users";

export const POST = withApi(({ body }) => resetPassword(body), {
  auth: false,
  body: resetPasswordSchema,
});

import { withApi } from "@/lib/http/with-api";
import { resetPassword } from "@/lib/users/reset-password";
import { resetPasswordSchema } from "@/lib/validation/users";
import { otherMethods } from "@/lib/http/route-methods";

export const POST = withApi(({ body }) => resetPassword(body), {
  auth: false,
  body: resetPasswordSchema,
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });

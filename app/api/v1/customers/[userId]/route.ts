import { updateCustomer } from "@/lib/crm/customer-changes";
import { getCustomer } from "@/lib/crm/customers";
import { withApi } from "@/lib/http/with-api";
import { updateCustomerSchema } from "@/lib/validation/crm";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(({ actor, params }) => getCustomer(actor, String(params.userId)), {
  roles: ["ADMIN", "ENGINEER"],
});

/** Edit details, or `active: false` to deactivate (no sign-in; tickets stay). Admins. */
const update = withApi(
  ({ actor, params, body }) => updateCustomer(actor, String(params.userId), body),
  { body: updateCustomerSchema, roles: ["ADMIN"] },
);
export const PUT = update;
export const PATCH = update;

export const { HEAD, POST, DELETE, OPTIONS } = otherMethods({ GET, PUT, PATCH });

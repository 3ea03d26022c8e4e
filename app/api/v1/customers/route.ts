import { createCustomer } from "@/lib/crm/customer-changes";
import { listCustomers } from "@/lib/crm/customers";
import { created, withApi } from "@/lib/http/with-api";
import { createCustomerSchema, listCustomersQuery } from "@/lib/validation/crm";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(({ actor, query }) => listCustomers(actor, query), {
  query: listCustomersQuery,
  roles: ["ADMIN", "ENGINEER"],
});

/** An admin adds a customer; they get an emailed invitation to choose a password. */
export const POST = withApi(
  async ({ actor, body }) =>
    created({
      message: "Customer added and invited",
      customer: await createCustomer(actor, body),
    }),
  { body: createCustomerSchema, roles: ["ADMIN"] },
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });

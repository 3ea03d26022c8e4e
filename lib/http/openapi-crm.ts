import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { INTERACTION_KINDS, INTERACTION_STATUSES } from "@/db/enums";
import {
  createCustomerSchema,
  createInteractionSchema,
  listCustomersQuery,
  listInteractionsQuery,
  updateCustomerSchema,
  updateInteractionSchema,
} from "@/lib/validation/crm";
import { messageSchema, pageOf } from "@/lib/validation/responses";
import { json, op } from "./openapi-kit";

const customerSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    company: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(["ACTIVE", "DEACTIVATED"]),
    hasPassword: z.boolean(),
    emailVerifiedAt: z.string().nullable(),
    /** When mail to the address last bounced, or null. */
    emailBouncedAt: z.string().nullable(),
    createdAt: z.string(),
    lastActiveAt: z.string().nullable(),
    activeTickets: z.number(),
    totalTickets: z.number(),
  })
  .meta({ id: "Customer" });

const interactionSchema = z
  .object({
    id: z.number(),
    kind: z.enum(INTERACTION_KINDS),
    title: z.string(),
    notes: z.string().nullable(),
    scheduledAt: z.string(),
    status: z.enum(INTERACTION_STATUSES),
    overdue: z.boolean(),
    owner: z.string(),
    ownerName: z.string(),
    customer: z.string(),
    customerName: z.string(),
    customerCompany: z.string().nullable(),
    completedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Interaction" });

const userIdParam = z.object({ userId: z.string().meta({ description: "The customer's userId" }) });
const idParam = z.object({ id: z.string().meta({ description: "The interaction's id" }) });

/** Customers and interactions (docs/crm.md). Merged into the document by openapi.ts. */
export const crmPaths: ZodOpenApiPathsObject = {
  "/customers": {
    get: op("Customers: admins all, engineers those whose tickets they work on", {
      operationId: "listCustomers",
      requestParams: { query: listCustomersQuery },
      ok: [200, "A page of customers", pageOf(customerSchema)],
      errors: [400, 401, 403, 429],
    }),
    post: op("Add a customer (admins); they are emailed an invitation to set a password", {
      operationId: "createCustomer",
      requestBody: json(createCustomerSchema),
      ok: [201, "Added", z.object({ message: z.string(), customer: customerSchema })],
      errors: [400, 401, 403, 409, 429],
    }),
  },
  "/customers/{userId}": {
    get: op("One customer", {
      operationId: "getCustomer",
      requestParams: { path: userIdParam },
      ok: [200, "The customer", customerSchema],
      errors: [401, 403, 404, 429],
    }),
    put: op("Edit a customer, or deactivate with active: false (admins)", {
      operationId: "updateCustomer",
      requestParams: { path: userIdParam },
      requestBody: json(updateCustomerSchema),
      ok: [200, "Updated", customerSchema],
      errors: [400, 401, 403, 404, 409, 429],
    }),
    patch: op("Edit a customer, or deactivate with active: false (admins)", {
      operationId: "patchCustomer",
      requestParams: { path: userIdParam },
      requestBody: json(updateCustomerSchema),
      ok: [200, "Updated", customerSchema],
      errors: [400, 401, 403, 404, 409, 429],
    }),
  },
  "/interactions": {
    get: op(
      "Meetings, calls, tasks and follow-ups; view=agenda for what is planned, soonest first",
      {
        operationId: "listInteractions",
        requestParams: { query: listInteractionsQuery },
        ok: [200, "A page of interactions", pageOf(interactionSchema)],
        errors: [400, 401, 403, 429],
      },
    ),
    post: op("Schedule an interaction with a customer (meetings and calls email the customer)", {
      operationId: "createInteraction",
      requestBody: json(createInteractionSchema),
      ok: [201, "Scheduled", interactionSchema],
      errors: [400, 401, 403, 429],
    }),
  },
  "/interactions/{id}": {
    get: op("One interaction", {
      operationId: "getInteraction",
      requestParams: { path: idParam },
      ok: [200, "The interaction", interactionSchema],
      errors: [401, 403, 404, 429],
    }),
    put: op("Edit, reschedule, complete (DONE) or cancel (its owner or an admin)", {
      operationId: "updateInteraction",
      requestParams: { path: idParam },
      requestBody: json(updateInteractionSchema),
      ok: [200, "Updated", interactionSchema],
      errors: [400, 401, 403, 404, 429],
    }),
    patch: op("Edit, reschedule, complete (DONE) or cancel (its owner or an admin)", {
      operationId: "patchInteraction",
      requestParams: { path: idParam },
      requestBody: json(updateInteractionSchema),
      ok: [200, "Updated", interactionSchema],
      errors: [400, 401, 403, 404, 429],
    }),
    delete: op("Delete (its owner or an admin); tickets raised from it stay", {
      operationId: "deleteInteraction",
      requestParams: { path: idParam },
      ok: [200, "Deleted", messageSchema],
      errors: [401, 403, 404, 429],
    }),
  },
};

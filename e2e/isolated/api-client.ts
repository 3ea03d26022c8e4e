import { expect, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN } from "../fixtures";

export const ENGINEER_PASSWORD = "Engineer#2026x";
export const CUSTOMER_PASSWORD = "Customer#2026x";

export async function tokenOf(request: APIRequestContext, userId: string, password: string) {
  const res = await request.post("/api/v1/auth/signin", { data: { userId, password } });
  expect(res.status(), `sign in ${userId}`).toBe(200);
  return (await res.json()).userDetails.token as string;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Engineers signed up over REST and approved by the admin. */
export async function approvedEngineers(request: APIRequestContext, prefix: string, n: number) {
  const admin = await tokenOf(request, E2E_ADMIN.userId, E2E_ADMIN.password);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const userId = `${prefix}${i}`;
    const signup = await request.post("/api/v1/auth/signup", {
      data: {
        userId,
        name: `Engineer ${prefix.toUpperCase()}${i}`,
        email: `${userId}@example.test`,
        password: ENGINEER_PASSWORD,
        userType: "ENGINEER",
      },
    });
    expect(signup.status()).toBe(201);
    const approve = await request.patch(`/api/v1/users/${userId}`, {
      headers: bearer(admin),
      data: { userStatus: "APPROVED" },
    });
    expect(approve.status()).toBe(200);
    ids.push(userId);
  }
  return { admin, engineers: ids };
}

export async function customerToken(request: APIRequestContext, userId: string) {
  const password = CUSTOMER_PASSWORD;
  const res = await request.post("/api/v1/auth/signup", {
    data: { userId, name: `Customer ${userId}`, email: `${userId}@example.test`, password },
  });
  expect(res.status()).toBe(201);
  return tokenOf(request, userId, password);
}

/** A customer's ticket (titled with `prefix`), assigned to the first of `engineerCount` fresh engineers. */
export async function assignedTicket(
  request: APIRequestContext,
  prefix: string,
  { engineerCount = 1, title = `Printer offline ${prefix}` } = {},
) {
  const { admin, engineers } = await approvedEngineers(request, prefix, engineerCount);
  const customerId = `${prefix}c`;
  const customer = await customerToken(request, customerId);
  const created = await request.post("/api/v1/tickets", {
    headers: bearer(customer),
    data: { title, description: "Since this morning." },
  });
  expect(created.status()).toBe(201);
  const number = (await created.json()).ticket.number as number;
  const assign = await request.patch(`/api/v1/tickets/${number}`, {
    headers: bearer(admin),
    data: { assignee: engineers[0] },
  });
  expect(assign.status()).toBe(200);
  return { admin, engineers, engineer: engineers[0], customerId, customer, number };
}

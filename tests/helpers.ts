import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users, type User, type UserStatus, type UserType } from "@/db/schema";
import { issueApiToken, toActor } from "@/lib/auth/tokens";
import { signUp } from "@/lib/users/sign-up";
import { findUserByUserId } from "@/lib/users/find-user";
import { responseProblems } from "./openapi-check";

export const PASSWORD = "Str0ng!pass";
let counter = 0;

/** A user made through the real sign-up, then moved to the wanted role and status. */
export async function makeUser(
  userType: UserType = "CUSTOMER",
  userStatus: UserStatus = "APPROVED",
  extra: { company?: string } = {},
) {
  counter += 1;
  const userId = `${userType.toLowerCase()}${counter}`;
  await signUp({
    userId,
    name: `${userType[0]}${userType.slice(1).toLowerCase()} ${counter}`,
    email: `${userId}@example.test`,
    password: PASSWORD,
    userType: userType === "ADMIN" ? "CUSTOMER" : userType,
    company: extra.company ?? null,
    phone: null,
  });
  await writeTransaction(async () => {
    await getDb().update(users).set({ userType, userStatus }).where(eq(users.userId, userId));
  });
  const user = (await findUserByUserId(userId))!;
  return { user, actor: toActor(user), userId };
}

type CallOptions = {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  rawBody?: string;
};

/** Calls a real route handler the way Next does, with a Request and a params promise. */
export async function call(
  handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>,
  method: string,
  url: string,
  options: CallOptions = {},
  params: Record<string, string> = {},
) {
  const headers: Record<string, string> = {
    "x-caseline-socket-address": "127.0.0.1",
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await handler(new Request(`http://localhost${url}`, { method, headers, body }), {
    params: Promise.resolve(params),
  });
  const text = await res.text();
  let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  // Every answer an API test sees must be one the OpenAPI document describes.
  const problems = responseProblems({
    method,
    pathname: new URL(url, "http://localhost").pathname,
    status: res.status,
    contentType: res.headers.get("content-type"),
    body: text,
  });
  if (problems.length) {
    throw new Error(`The answer differs from the OpenAPI document:\n${problems.join("\n")}`);
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** A fresh API token for a user, issued the same way POST /auth/signin issues one. */
export async function tokenFor(user: Pick<User, "id" | "sessionVersion" | "userType">) {
  return issueApiToken(user);
}

/** The userIds of a list response, in order. */
export const userIdsOf = (json: { data: { userId: string }[] }) => json.data.map((u) => u.userId);

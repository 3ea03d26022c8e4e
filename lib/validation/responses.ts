import { z } from "zod";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";

/** Shapes of responses, for the OpenAPI document (requests use the input schemas directly). */
export const publicUserSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    userType: z.enum(USER_TYPES),
    userStatus: z.enum(USER_STATUSES),
    company: z.string().nullable(),
    phone: z.string().nullable(),
    emailVerifiedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastActiveAt: z.string().nullable(),
  })
  .meta({ id: "User" });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

export const messageSchema = z.object({ message: z.string() });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

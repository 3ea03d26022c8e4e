import { z } from "zod";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";
import { passwordProblems } from "./password";
import { emptyAsUndefined, optionalText, pageQuery } from "./common";

export const userIdField = z
  .string({ error: "Enter a user ID" })
  .trim()
  // An empty ID gets one message, not "too short" beside "use only letters" (both true, neither helps).
  .min(1, { error: "Enter a user ID", abort: true })
  .min(3, "Use at least 3 characters")
  .max(32, "Use at most 32 characters")
  .regex(/^[A-Za-z0-9._-]+$/, "Use only letters, digits, dot, underscore and hyphen");

export const emailField = z
  .string({ error: "Enter an email address" })
  .trim()
  .min(1, { error: "Enter an email address", abort: true })
  .max(254, "Use at most 254 characters")
  .pipe(z.email("Enter a valid email address"))
  // `.invalid` can never receive mail (RFC 6761), and deleted users' placeholders live there.
  .refine((v) => !/\.invalid$/i.test(v), "Enter an address that can receive email")
  .transform((v) => v.toLowerCase());

export const nameField = z
  .string({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(100, "Use at most 100 characters");

/** The password policy (docs/roles-and-accounts.md#passwords); each failing rule is its own message so the form can say which. */
export const passwordField = requiredPassword("Enter a password");

/** The policy, or only `missing` when nothing was typed (four rule failures for an empty field help nobody). */
function requiredPassword(missing: string) {
  return z.string({ error: missing }).superRefine((value, ctx) => {
    if (value === "") return void ctx.addIssue({ code: "custom", message: missing });
    for (const message of passwordProblems(value)) ctx.addIssue({ code: "custom", message });
  });
}

export const phoneField = optionalText(40).refine(
  (v) => v == null || /^[+0-9 ()./-]{3,40}$/.test(v),
  {
    message: "Use digits, spaces and + ( ) - . /",
  },
);
export const companyField = optionalText(120);

export const userTypeField = z.enum(USER_TYPES, { error: "Choose CUSTOMER, ENGINEER or ADMIN" });
export const userStatusField = z.enum(USER_STATUSES, {
  error: "Choose APPROVED, PENDING or REJECTED",
});

export const signupSchema = z.object({
  userId: userIdField,
  name: nameField,
  email: emailField,
  password: passwordField,
  userType: z
    .enum(USER_TYPES, { error: "Choose CUSTOMER or ENGINEER" })
    .default("CUSTOMER")
    .refine(
      (t) => t !== "ADMIN",
      "ADMIN accounts can't be requested at sign-up; an admin creates them",
    )
    .transform((t) => t as "CUSTOMER" | "ENGINEER"),
  company: companyField,
  phone: phoneField,
});
export type SignupInput = z.infer<typeof signupSchema>;

export const signinSchema = z
  .object({
    userId: z.string().trim().min(1, "Enter your user ID or email").max(254).optional(),
    email: z.string().trim().min(1).max(254).optional(),
    password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200),
  })
  // Only when neither was sent (API clients): an empty userId already says this once.
  .refine((v) => v.userId !== undefined || v.email !== undefined, {
    message: "Enter your user ID or email",
    path: ["userId"],
  })
  .transform((v) => ({ login: (v.userId ?? v.email) as string, password: v.password }));
export type SigninInput = z.infer<typeof signinSchema>;

export const listUsersQuery = pageQuery.extend({
  userType: emptyAsUndefined(userTypeField),
  userStatus: emptyAsUndefined(userStatusField),
  q: emptyAsUndefined(z.string().trim().max(100)),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

/** PUT and PATCH of a user: every field optional; unknown fields are refused, not ignored. */
export const updateUserSchema = z
  .strictObject({
    name: nameField.optional(),
    email: emailField.optional(),
    phone: phoneField,
    company: companyField,
    userType: userTypeField.optional(),
    userStatus: userStatusField.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: "Send at least one field to change",
  });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const profileSchema = z.object({
  name: nameField,
  email: emailField,
  phone: phoneField,
  company: companyField,
});

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password" })
      .min(1, "Enter your current password")
      .max(200),
    newPassword: requiredPassword("Enter a new password"),
    confirmPassword: z
      .string({ error: "Repeat the new password" })
      .min(1, "Repeat the new password"),
  })
  // Comparisons only between fields that were filled in: an empty form says only what is missing.
  .refine((v) => !v.confirmPassword || v.newPassword === v.confirmPassword, {
    message: "The two new passwords differ",
    path: ["confirmPassword"],
  })
  .refine((v) => !v.newPassword || !v.currentPassword || v.newPassword !== v.currentPassword, {
    message: "Choose a password different from the current one",
    path: ["newPassword"],
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const createAdminSchema = z.object({
  userId: userIdField,
  name: nameField,
  email: emailField,
  password: passwordField,
});
export type CreateAdminInput = z.infer<typeof createAdminSchema>;

const tokenField = z
  .string({ error: "The link's token is missing" })
  .trim()
  .min(20, "The link's token is incomplete: open the whole link from the email")
  .max(200, "This is not a token from Caseline");

export const verifyEmailSchema = z.object({ token: tokenField });

export const forgotPasswordSchema = z.object({ email: emailField });
export type ForgotPasswordInput = z.infer<typeof forgotPasswordSchema>;

export const resetPasswordSchema = z
  .object({
    token: tokenField,
    password: passwordField,
    /** The browser form asks twice; API clients may leave it out. */
    confirmPassword: z.string().optional(),
  })
  .refine((v) => v.confirmPassword === undefined || v.password === v.confirmPassword, {
    message: "The two passwords differ",
    path: ["confirmPassword"],
  });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

/** The password policy (docs/roles-and-accounts.md#passwords), one message per rule that fails. Shared by env, forms and routes. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push("Use at least 8 characters");
  if (password.length > 200) problems.push("Use at most 200 characters");
  if (!/[A-Z]/.test(password)) problems.push("Add an upper-case letter");
  if (!/[0-9]/.test(password)) problems.push("Add a digit");
  if (!/[^A-Za-z0-9]/.test(password)) problems.push("Add a special character (such as ! @ # $)");
  return problems;
}

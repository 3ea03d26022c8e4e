import type { ActionState } from "@/lib/http/with-action";

/**
 * A server action as a form receives it: components never import from app/ (README.md#how-the-code-is-laid-out),
 * so the page that renders a form passes it the actions from its route's actions.ts as props.
 */
export type ServerAction<I = unknown> = (input: I) => Promise<ActionState>;

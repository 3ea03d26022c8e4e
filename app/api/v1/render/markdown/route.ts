import { withApi } from "@/lib/http/with-api";
import { otherMethods } from "@/lib/http/route-methods";
import { renderMarkdown } from "@/lib/rich-text/markdown";
import { markdownPreviewSchema } from "@/lib/validation/tickets";

/**
 * The composer's preview (docs/tickets.md#formatting): Markdown in, the safe HTML a reply with that
 * body would show. Anyone signed in; the body is limited like a reply's.
 */
export const POST = withApi(({ body }) => ({ html: renderMarkdown(body.source) }), {
  body: markdownPreviewSchema,
});

export const { HEAD, GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });

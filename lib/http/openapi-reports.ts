import type { ZodOpenApiPathsObject } from "zod-openapi";

/** Reports and the admin overview (SPEC §4, §6). Merged into the document by openapi.ts. */
export const reportPaths: ZodOpenApiPathsObject = {};

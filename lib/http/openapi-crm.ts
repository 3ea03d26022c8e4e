import type { ZodOpenApiPathsObject } from "zod-openapi";

/** Customers and interactions (SPEC §6). Merged into the document by openapi.ts. */
export const crmPaths: ZodOpenApiPathsObject = {};

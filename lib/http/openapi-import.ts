import type { ZodOpenApiPathsObject } from "zod-openapi";

/** Customer import and export (SPEC §6). Merged into the document by openapi.ts. */
export const importPaths: ZodOpenApiPathsObject = {};

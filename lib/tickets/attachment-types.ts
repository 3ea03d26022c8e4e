/** What the file picker offers; the server checks every file's first bytes again. Browser-safe. */
export const ACCEPTED_TYPES =
  "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,.txt,.log,.csv";

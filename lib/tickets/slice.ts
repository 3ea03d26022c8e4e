/** Which part of a ticket's replies or events to read, by id: after or before one, how many, which way. */
export type Slice = { afterId?: number; beforeId?: number; limit?: number; newestFirst?: boolean };

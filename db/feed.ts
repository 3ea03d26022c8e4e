/**
 * The order in which live updates read ticket events (docs/notifications.md#live-updates), on
 * either engine: db/feed/sqlite.ts (ids, which rise in commit order) or db/feed/postgres.ts
 * (transaction, then id, below the oldest running transaction), picked by this process's engine.
 */
import { ENGINE } from "./engine-kind";
import { feed as postgresFeed } from "./feed/postgres";
import { feed as sqliteFeed } from "./feed/sqlite";

export { FEED_START, type Feed, type FeedMark, type FeedPosition } from "./feed/common";

export const feed = ENGINE === "postgres" ? postgresFeed : sqliteFeed;

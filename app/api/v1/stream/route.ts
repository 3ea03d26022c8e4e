import type { FeedMark } from "@/db/feed";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor, withApi } from "@/lib/http/with-api";
import {
  changesSince,
  committedBefore,
  committedNow,
  latestChangeId,
  liveHub,
  mayHear,
  positionAfter,
  type LiveMessage,
} from "@/lib/live/hub";
import { otherMethods } from "@/lib/http/route-methods";
import { AppError } from "@/lib/errors";
import { isShuttingDown, onShutdown } from "@/lib/shutdown.mjs";

export const dynamic = "force-dynamic";

const REPLAY_LIMIT = 1000;
/** How often an open stream re-checks its session and pings. */
const HEARTBEAT_MS = 5_000;

/**
 * GET /api/v1/stream: server-sent events of ticket changes the caller may see (docs/notifications.md#live-updates).
 * `event: ticket` carries {ticket, type}; the event id lets a reconnecting client resume
 * (Last-Event-ID, or ?since= for the first connection); `event: reset` means too much was missed
 * and the client should reload what it shows.
 */
export const GET = withApi(({ req, actor }) => {
  // A stopping instance takes no new stream: the client's EventSource retries, elsewhere.
  if (isShuttingDown())
    throw new AppError(
      "UNAVAILABLE",
      "This server is shutting down; reconnect in a moment",
      undefined,
      {
        "Retry-After": "2",
      },
    );
  // Where to resume: the browser's Last-Event-ID on a reconnect, else ?since= from the page.
  const since = [req.headers.get("last-event-id"), new URL(req.url).searchParams.get("since")]
    .filter((v): v is string => v !== null && /^\d{1,15}$/.test(v))
    .map(Number)[0];
  const encoder = new TextEncoder();
  let current: Actor = actor;
  let cleanup = () => {};
  // start() awaits the database, so the client may leave before cleanup exists: remember it.
  let cancelled = false;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = (m: LiveMessage) =>
        write(
          `id: ${m.id}\nevent: ticket\ndata: ${JSON.stringify({ ticket: m.ticket, type: m.type })}\n\n`,
        );

      write(`retry: 2000\n: connected\n\n`);
      // Subscribe first, then replay: what the hub sends that the replay already covered is
      // dropped (by id: the two read the same feed). What the hub sends while the replay and the
      // ready line await the database is held back, so the stream stays in order: replay, ready,
      // then live changes.
      // A stream with no place to resume from starts now: what had committed by then is the
      // page's (on PostgreSQL such an event may still reach the feed afterwards).
      const replayed = new Set<number>();
      let startedAt: FeedMark | undefined;
      const fresh = (m: LiveMessage) =>
        !replayed.has(m.id) && !(startedAt && committedBefore(startedAt, m));
      let held: LiveMessage[] | null = [];
      const unsubscribe = await liveHub().subscribe({
        actor: () => current,
        send: (m) => {
          if (held) held.push(m);
          else if (fresh(m)) send(m);
        },
      });
      try {
        if (since === undefined) startedAt = await committedNow();
        if (since !== undefined) {
          const from = await positionAfter(since);
          const missed = from ? await changesSince(from, REPLAY_LIMIT + 1) : null;
          // Too much missed, or the last event seen is gone (its ticket was deleted): reload.
          if (!missed || missed.length > REPLAY_LIMIT) write(`event: reset\ndata: {}\n\n`);
          else
            for (const e of missed) {
              replayed.add(e.id);
              if (mayHear(current, e)) send(e);
            }
        }
        const latest = await latestChangeId();
        write(`event: ready\ndata: ${JSON.stringify({ latest })}\n\n`);
      } catch (error) {
        unsubscribe(); // the stream errors; its listener must not stay in the hub
        throw error;
      }
      for (const m of held) if (fresh(m)) send(m);
      held = null;

      // The heartbeat keeps proxies from closing an idle stream, and checks the whole session again
      // (token or cookie, session version, signed-out session id, the user's standing): a stream
      // whose session has ended closes; one whose user changed role hears only what they now may.
      const heartbeat = setInterval(() => {
        void resolveActor(req)
          .catch(() => null)
          .then((actor) => {
            if (!actor) return cleanup();
            current = actor;
            write(`: ping\n\n`);
          });
      }, HEARTBEAT_MS);

      // On shutdown the stream ends cleanly; the browser reconnects (to another instance behind a
      // balancer) and resumes from the last event id it saw.
      const offShutdown = onShutdown("streams", () => cleanup());
      cleanup = () => {
        clearInterval(heartbeat);
        offShutdown();
        unsubscribe();
        try {
          controller.close();
        } catch {
          // closed already
        }
        cleanup = () => {};
      };
      req.signal.addEventListener("abort", () => cleanup());
      if (cancelled || req.signal.aborted || isShuttingDown()) cleanup();
    },
    cancel() {
      cancelled = true;
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });

// Graceful shutdown (docs/operations.md#shutdown), shared by server.mjs, which runs it, and the
// app, which registers what must stop (live streams, the outbox worker, the database). On
// globalThis like lib/log.mjs: Next bundles its own copy of this module.
import { logger } from "./log.mjs";

/**
 * The order things stop in: open live streams end first (their clients reconnect elsewhere), the
 * outbox worker after the requests in flight have finished, the database last.
 * @typedef {"streams" | "worker" | "database"} ShutdownPhase
 */

/** @type {{ __caselineShutdown?: { shuttingDown: boolean, hooks: Map<ShutdownPhase, Set<() => unknown>> } }} */
const holder = /** @type {never} */ (globalThis);
const state = (holder.__caselineShutdown ??= { shuttingDown: false, hooks: new Map() });

/** True from the first SIGTERM/SIGINT on: readiness answers 503 and new live streams are refused. */
export function isShuttingDown() {
  return state.shuttingDown;
}

export function beginShutdown() {
  state.shuttingDown = true;
}

/**
 * Registers `fn` to run in `phase`; returns a function that removes it again.
 * @param {ShutdownPhase} phase
 * @param {() => unknown} fn
 */
export function onShutdown(phase, fn) {
  let set = state.hooks.get(phase);
  if (!set) state.hooks.set(phase, (set = new Set()));
  set.add(fn);
  return () => void set.delete(fn);
}

/**
 * Runs every hook of `phase` (at once, together) and waits for them; a hook that fails is logged
 * and does not stop the others.
 * @param {ShutdownPhase} phase
 */
export async function runShutdownPhase(phase) {
  const hooks = [...(state.hooks.get(phase) ?? [])];
  state.hooks.delete(phase);
  await Promise.all(
    hooks.map(async (fn) => {
      try {
        await fn();
      } catch (error) {
        logger.error({ err: error, phase }, "shutdown step failed");
      }
    }),
  );
}

/** Tests only. */
export function resetShutdownForTesting() {
  state.shuttingDown = false;
  state.hooks.clear();
}

import { Worker } from "node:worker_threads";

/** Array items sent back per message: each message is decoded in one short turn of the loop. */
const ITEMS_PER_MESSAGE = 2_000;

/**
 * The worker's source, evaluated as a script (no file to bundle). It parses the text and, for an
 * array, hands the items back a batch at a time, each only when the main thread asks for the next
 * one: messages that pile up would all be decoded in a single turn of the main event loop.
 */
const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
(() => {
  let data;
  try {
    data = JSON.parse(workerData.text);
  } catch (error) {
    parentPort.postMessage({ kind: "invalid", message: error.message });
    return;
  }
  if (!Array.isArray(data)) {
    parentPort.postMessage({ kind: "not-array" });
    return;
  }
  let start = 0;
  const next = () => {
    const items = data.slice(start, start + workerData.batch);
    start += workerData.batch;
    parentPort.postMessage({ kind: "items", items, done: start >= data.length });
  };
  parentPort.on("message", next);
  next();
})();
`;

export type JsonParseResult =
  | { kind: "array"; items: unknown[] }
  | { kind: "not-array" }
  | { kind: "invalid"; message: string };

type Message =
  | { kind: "items"; items: unknown[]; done: boolean }
  | { kind: "not-array" }
  | { kind: "invalid"; message: string };

/**
 * JSON.parse of a 20 MB import takes about a second of CPU: done on the main thread it would hold
 * every other request that long (issue 9). Here it runs in a worker thread, and the items come back
 * in small batches, so the event loop is never held for more than a batch's decoding.
 */
export function parseJsonOffThread(text: string): Promise<JsonParseResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: { text, batch: ITEMS_PER_MESSAGE },
    });
    const items: unknown[] = [];
    let settled = false;
    const finish = (result: JsonParseResult) => {
      settled = true;
      resolve(result);
      void worker.terminate();
    };
    worker.on("message", (message: Message) => {
      if (message.kind !== "items") return finish(message);
      for (const item of message.items) items.push(item);
      if (message.done) finish({ kind: "array", items });
      else worker.postMessage("next");
    });
    worker.on("error", (error) => {
      if (!settled) reject(error);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`The JSON parser stopped (exit code ${code})`));
    });
  });
}

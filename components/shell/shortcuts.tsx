"use client";

import { useRef } from "react";
import { useHotkeys, type Options } from "react-hotkeys-hook";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Button } from "@/components/ui/button";
import {
  dialogOpen,
  onScreen,
  replyField,
  rowOf,
  searchField,
  selectRow,
  visibleRows,
} from "./shortcut-targets";
import "./shortcuts.css";

const SHORTCUTS: [keys: string[], what: string][] = [
  [["/"], "Search this list"],
  [["j"], "Next row"],
  [["k"], "Previous row"],
  [["Enter"], "Open the selected row"],
  [["r"], "Reply (on a ticket)"],
  [["?"], "Show these shortcuts"],
  [["Esc"], "Close this dialog"],
];

/**
 * Held keys with Ctrl, Cmd or Alt belong to the browser and the system (Ctrl+K, Cmd+R…); an IME
 * composing a character is typing; and an open dialog owns the keyboard.
 */
const notForUs = (e: KeyboardEvent) =>
  e.ctrlKey || e.metaKey || e.altKey || e.isComposing || dialogOpen();

// The library already ignores keys typed into input, textarea, select and contenteditable. Keys
// are matched by the character they produce, so j is j on AZERTY and Dvorak too.
const LETTER: Options = { useKey: true, ignoreEventWhen: notForUs };
// "/" and "?" need Shift on many layouts (Shift+7 and Shift+ß on German): match the character
// whatever Shift does, still refusing Ctrl, Cmd and Alt through notForUs.
const SYMBOL: Options = { useKey: true, ignoreModifiers: true, ignoreEventWhen: notForUs };

/**
 * The keyboard shortcuts of Gmail, Linear and Zendesk, on every signed-in page: `/` search,
 * `j`/`k` move through list rows, Enter opens, `r` replies, `?` lists them. Mounted once by the
 * portal layout; it finds its targets through data attributes (./shortcut-targets.ts).
 */
export function Shortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  // The row last moved to: after a click elsewhere, j continues from there, and Enter opens it.
  const current = useRef<HTMLElement | null>(null);
  // Until hydration neither the keys nor the footer's button do anything.
  const hydrated = useHydrated();

  const lastRow = () => {
    const row = current.current;
    return row?.isConnected && onScreen(row) ? row : null;
  };

  const move = (step: 1 | -1) => {
    const rows = visibleRows();
    if (!rows.length) return;
    const from = rowOf(document.activeElement) ?? lastRow();
    const at = from ? rows.indexOf(from) : -1;
    const next = at === -1 ? rows[0] : rows[Math.min(rows.length - 1, Math.max(0, at + step))];
    current.current = next;
    selectRow(next);
  };

  useHotkeys("j", () => move(1), LETTER);
  useHotkeys("k", () => move(-1), LETTER);

  // Enter on a row's link opens it natively. This covers the rest: the focus on a row without a
  // link of its own, or nowhere (after a click on the page) with a row selected.
  useHotkeys(
    "enter",
    (e) => {
      const active = document.activeElement;
      const onRow = active instanceof HTMLElement && active.matches("[data-row]");
      if (!onRow && active && active !== document.body) return;
      const link = (onRow ? active : lastRow())?.querySelector<HTMLElement>("[data-row-link]");
      if (!link) return;
      e.preventDefault();
      link.click();
    },
    LETTER,
  );

  useHotkeys(
    "/",
    (e) => {
      const field = searchField();
      if (!field) return;
      e.preventDefault(); // or the "/" lands in the box
      field.focus();
      if (field instanceof HTMLInputElement) field.select();
    },
    SYMBOL,
  );

  useHotkeys(
    "r",
    (e) => {
      const field = replyField();
      if (!field) return;
      e.preventDefault();
      field.focus({ preventScroll: true });
      field.scrollIntoView({ block: "center" });
    },
    LETTER,
  );

  const openHelp = () => {
    const el = dialog.current;
    if (!el || el.open) return;
    returnFocus.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    el.showModal();
  };
  useHotkeys("?", openHelp, SYMBOL);

  return (
    <>
      <footer className="hidden border-t border-zinc-200 sm:block dark:border-zinc-800">
        <div className="mx-auto flex max-w-7xl justify-end px-4 py-2 sm:px-6">
          <button
            type="button"
            onClick={openHelp}
            disabled={!hydrated}
            aria-keyshortcuts="?"
            className="inline-flex items-center gap-2 rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-800"
          >
            Keyboard shortcuts <Key>?</Key>
          </button>
        </div>
      </footer>
      <dialog
        ref={dialog}
        aria-labelledby="shortcuts-title"
        aria-describedby="shortcuts-hint"
        onClose={() => {
          const back = returnFocus.current;
          returnFocus.current = null;
          if (back?.isConnected) back.focus();
        }}
        className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id="shortcuts-title" className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <p id="shortcuts-hint" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          They pause while you type in a field: press Tab to leave it.
        </p>
        <dl className="mt-4 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={what} className="flex items-center gap-4 py-2">
              <dt className="w-16 shrink-0">
                {keys.map((k) => (
                  <Key key={k}>{k}</Key>
                ))}
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-6 flex justify-end">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Close
          </Button>
        </div>
      </dialog>
    </>
  );
}

function Key({ children }: { children: string }) {
  return (
    <kbd className="inline-flex min-w-6 items-center justify-center rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-800 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100">
      {children}
    </kbd>
  );
}

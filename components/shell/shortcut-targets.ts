// What the keyboard shortcuts act on, found through the attributes pages put on their elements:
// rows `[data-row]` with their main link `[data-row-link]`, the list's search
// `[data-shortcut="search"]`, the ticket page's reply `[data-shortcut="reply"]`. Pages need no
// wiring beyond the attributes; a phone card and a desktop row of the same list may both carry
// them, and only the one on screen counts.

/** Rendered and not hidden (display: none, hidden ancestors, `hidden`). */
export function onScreen(el: Element): boolean {
  if (typeof el.checkVisibility === "function")
    return el.checkVisibility({ visibilityProperty: true });
  return el.getClientRects().length > 0;
}

function first(selector: string): HTMLElement | null {
  return [...document.querySelectorAll<HTMLElement>(selector)].find(onScreen) ?? null;
}

/** Every list row on screen, in document order (several lists on a page read as one). */
export function visibleRows(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-row]")].filter(onScreen);
}

/** The row that holds the focus, if any. */
export function rowOf(el: Element | null): HTMLElement | null {
  return el?.closest<HTMLElement>("[data-row]") ?? null;
}

/** The page's search box; a filter form without one offers its first text field instead. */
export function searchField(): HTMLElement | null {
  return (
    first('[data-shortcut="search"]') ??
    first('form[role="search"] input:not([type="hidden"]):not([disabled])') ??
    first('form[role="search"] select:not([disabled])')
  );
}

export function replyField(): HTMLElement | null {
  return first('[data-shortcut="reply"]');
}

/**
 * A dialog, popover or menu sheet is open: list shortcuts would act on the page behind it.
 * (A modal `<dialog>` makes the page inert, but key events still reach the document.)
 */
export function dialogOpen(): boolean {
  const open = [
    ...document.querySelectorAll(
      'dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]',
    ),
  ];
  if (open.some(onScreen)) return true;
  try {
    return document.querySelector(":popover-open") !== null;
  } catch {
    return false; // a browser without popovers has none open
  }
}

/** Moves the keyboard to `row`: its main link takes the focus (so Enter opens it natively and a
 * screen reader reads it), or the row itself when it has no link. */
export function selectRow(row: HTMLElement) {
  const link = row.querySelector<HTMLElement>("[data-row-link]");
  const target = link ?? row;
  if (!link && !row.hasAttribute("tabindex")) row.tabIndex = -1;
  target.focus({ preventScroll: true });
  row.scrollIntoView({ block: "nearest" });
}

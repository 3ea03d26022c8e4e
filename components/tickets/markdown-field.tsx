"use client";

import {
  cloneElement,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
} from "react";
import { cn } from "@/components/ui/cn";
import { RichText } from "@/components/ui/rich-text";
import type { SafeHtml } from "@/lib/rich-text/sanitize";

export type EditorTab = "write" | "preview";

type Preview =
  | { state: "empty" }
  | { state: "loading"; source: string }
  | { state: "ready"; source: string; html: SafeHtml }
  | { state: "error"; source: string; message: string };

/**
 * Asks the server to render: the preview is the very HTML the reply will show and send (same
 * trimming, renderer and sanitizer), never a second renderer in the browser.
 */
async function renderOnServer(source: string): Promise<Preview> {
  try {
    const res = await fetch("/api/v1/render/markdown", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ source }),
    });
    const json = (await res.json().catch(() => null)) as {
      html?: string;
      error?: { message?: string; details?: Record<string, string[]> };
    } | null;
    if (res.ok && typeof json?.html === "string") {
      return { state: "ready", source, html: json.html as SafeHtml };
    }
    const message =
      json?.error?.details?.source?.[0] ??
      json?.error?.message ??
      `The preview could not be made (error ${res.status})`;
    return { state: "error", source, message };
  } catch {
    return {
      state: "error",
      source,
      message: "The preview could not be made: check your connection.",
    };
  }
}

type ControlProps = { "aria-describedby"?: string; hidden?: boolean };

/**
 * A labelled Markdown text box with Write and Preview tabs (docs/tickets.md#formatting), wired
 * like components/ui/field.tsx: the text box is described by its errors when there are some,
 * else by the Markdown hint. The tabs follow the ARIA tabs pattern: one tab stop, arrow keys,
 * Home and End move between them and select. The text box stays mounted (hidden) while
 * previewing, so the form keeps its value and sends from either tab.
 */
export function MarkdownField({
  id,
  label,
  errors,
  tab,
  onTabChange,
  source,
  panelClassName,
  children,
}: {
  id: string;
  label: string;
  errors?: string[];
  tab: EditorTab;
  onTabChange: (tab: EditorTab) => void;
  /** The text box's current value. */
  source: () => string;
  /** Extra classes for the preview's box (the amber of a note). */
  panelClassName?: string;
  /** The <textarea>. */
  children: ReactElement<ControlProps>;
}) {
  const [preview, setPreview] = useState<Preview>({ state: "empty" });
  const latest = useRef(0);
  const tabs = useRef<Record<EditorTab, HTMLButtonElement | null>>({ write: null, preview: null });
  const messages = errors?.length ? [...new Set(errors)] : [];
  const invalid = messages.length > 0;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const select = (next: EditorTab) => {
    onTabChange(next);
    if (next !== "preview") return;
    // Trimmed as the reply will be; an empty box previews as nothing, without a request.
    const text = source().trim();
    if (!text) {
      setPreview({ state: "empty" });
      return;
    }
    if (preview.state !== "error" && "source" in preview && preview.source === text) return;
    const ticket = ++latest.current;
    setPreview({ state: "loading", source: text });
    void renderOnServer(text).then((result) => {
      // Only the answer to the newest request counts (the writer may have switched back and on).
      if (ticket === latest.current) setPreview(result);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const order: EditorTab[] = ["write", "preview"];
    const at = order.indexOf(tab);
    const next =
      e.key === "ArrowRight"
        ? order[(at + 1) % order.length]
        : e.key === "ArrowLeft"
          ? order[(at + order.length - 1) % order.length]
          : e.key === "Home"
            ? order[0]
            : e.key === "End"
              ? order[order.length - 1]
              : null;
    if (!next) return;
    e.preventDefault();
    select(next);
    tabs.current[next]?.focus();
  };

  const own = children.props["aria-describedby"];
  const control = cloneElement(children, {
    hidden: tab !== "write",
    "aria-describedby": [own, invalid ? errorId : hintId].filter(Boolean).join(" "),
  });

  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-end justify-between gap-x-3 gap-y-1.5">
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        <div
          role="tablist"
          aria-label="Write or preview"
          className="inline-flex rounded-md border border-zinc-300 bg-zinc-100 p-0.5 dark:border-zinc-700 dark:bg-zinc-800"
        >
          {(["write", "preview"] as const).map((value) => (
            <button
              key={value}
              ref={(el) => {
                tabs.current[value] = el;
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${value}`}
              aria-selected={tab === value}
              aria-controls={`${id}-${value}`}
              tabIndex={tab === value ? 0 : -1}
              // While previewing, the "r" shortcut lands here: Enter goes back to writing.
              data-shortcut={value === "write" && tab === "preview" ? "reply" : undefined}
              onClick={() => select(value)}
              onKeyDown={onKeyDown}
              className={cn(
                "rounded px-2.5 py-1 text-xs font-medium",
                "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500",
                tab === value
                  ? "bg-white text-zinc-900 shadow-sm ring-1 ring-zinc-300 dark:bg-zinc-950 dark:text-zinc-50 dark:ring-zinc-600"
                  : "text-zinc-700 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white",
              )}
            >
              {value === "write" ? "Write" : "Preview"}
            </button>
          ))}
        </div>
      </div>
      <div
        role="tabpanel"
        id={`${id}-write`}
        aria-labelledby={`${id}-tab-write`}
        hidden={tab !== "write"}
      >
        {control}
      </div>
      <div
        role="tabpanel"
        id={`${id}-preview`}
        aria-labelledby={`${id}-tab-preview`}
        hidden={tab !== "preview"}
        // Nothing inside may take the focus (a text, or links): the panel itself is a tab stop.
        tabIndex={0}
        aria-busy={preview.state === "loading"}
        className={cn(
          "min-h-[7.75rem] rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900",
          "focus-visible:outline-2 focus-visible:outline-indigo-500",
          panelClassName,
        )}
      >
        <PreviewBody preview={preview} />
      </div>
      {!invalid ? (
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          <MarkdownHint />
        </p>
      ) : (
        <div id={errorId} role="alert" className="text-sm text-red-600 dark:text-red-400">
          {messages.length === 1 ? (
            <p>{messages[0]}</p>
          ) : (
            <ul className="space-y-0.5">
              {messages.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function PreviewBody({ preview }: { preview: Preview }) {
  const quiet = (text: ReactNode) => (
    <p className="text-sm text-zinc-600 dark:text-zinc-400">{text}</p>
  );
  switch (preview.state) {
    case "empty":
      return quiet("Nothing to preview yet: write something first.");
    case "loading":
      return quiet("Rendering the preview…");
    case "error":
      return (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {preview.message}
        </p>
      );
    case "ready":
      return <RichText html={preview.html} />;
  }
}

const Code = ({ children }: { children: ReactNode }) => (
  <code className="rounded bg-zinc-100 px-1 font-mono text-[0.7rem] text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
    {children}
  </code>
);

/** What the box takes, in one line: the common Markdown a support reply needs. */
function MarkdownHint() {
  return (
    <>
      Markdown supported: <Code>**bold**</Code>, <Code>_italic_</Code>, <Code>`code`</Code>,{" "}
      <Code>- lists</Code>, <Code>&gt; quotes</Code>, <Code>[link](https://…)</Code>, and{" "}
      <Code>```</Code> for code blocks. Preview shows it as it will be sent.
    </>
  );
}

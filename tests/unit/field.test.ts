import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Field } from "@/components/ui/field";

// A field's control is described by what is on screen next to it: its errors when it has some
// (and marked invalid), else its hint; errors are announced from a wrapper, never a list with a role.
const render = (props: { hint?: string; errors?: string[] }, controlProps = {}) =>
  renderToStaticMarkup(
    h(Field, {
      id: "title",
      label: "Title",
      ...props,
      children: h("input", { id: "title", ...controlProps }),
    }),
  );

describe("Field", () => {
  it("points the control at its hint while there are no errors", () => {
    const html = render({ hint: "A short summary" });
    expect(html).toContain('<input id="title" aria-describedby="title-hint"/>');
    expect(html).toContain('<p id="title-hint"');
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("role=");
  });

  it("points the control at its errors, marks it invalid, and drops the hint it no longer shows", () => {
    // The form's own aria-describedby (a hint) is replaced, so it never points at a removed element.
    const html = render(
      { hint: "A short summary", errors: ["Enter a title"] },
      { "aria-describedby": "title-hint" },
    );
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="title-error"');
    expect(html).not.toContain('id="title-hint"');
    expect(html).toMatch(/<div id="title-error" role="alert"[^>]*><p>Enter a title<\/p><\/div>/);
  });

  it("keeps a description the control brings of its own, next to its errors", () => {
    // The reply box is described by the "Internal note" banner as well as by its errors.
    const html = render({ errors: ["Write something"] }, { "aria-describedby": "note-banner" });
    expect(html).toContain('aria-describedby="note-banner title-error"');
    expect(render({}, { "aria-describedby": "note-banner" })).toContain(
      'aria-describedby="note-banner"',
    );
  });

  it("lists several errors inside the alert, each once", () => {
    const html = render({ errors: ["Too short", "Add a digit", "Too short"] });
    expect(html).toMatch(
      /<div id="title-error" role="alert"[^>]*><ul[^>]*><li>Too short<\/li><li>Add a digit<\/li><\/ul><\/div>/,
    );
    expect(html).not.toMatch(/<ul[^>]*role=/);
  });

  it("describes nothing when there is neither hint nor error", () => {
    expect(render({})).toContain('<input id="title"/>');
  });
});

/* The rich-text editor of core's RichTextWidget (widgets.py): turns every
   <textarea data-richtext> into a Quill editor with a small toolbar (paragraph, two heading
   levels, lists, bold, italic, link) and keeps the textarea's value as the editor's HTML, so
   the form posts as before. The server sanitises what arrives with its allow-list; without
   JavaScript the textarea stays as it is. A text the editor could not keep whole (tables,
   definition lists, abbreviations, language marks) stays in the textarea with a note. */
(function () {
  "use strict";
  if (!window.Quill) return;

  var Inline = window.Quill.import("blots/inline");
  // <bdi lang="de">: a German name inside a translation, isolated for right-to-left pages.
  class Isolate extends Inline {
    static create(value) {
      var node = super.create();
      if (typeof value === "string" && value) node.setAttribute("lang", value);
      return node;
    }
    static formats(node) {
      return node.getAttribute("lang") || true;
    }
  }
  Isolate.blotName = "bdi";
  Isolate.tagName = "BDI";
  window.Quill.register(Isolate, true);

  var UNSUPPORTED = /<(table|dl|dt|dd|abbr)\b|<(?!bdi\b)[a-z0-9]+\b[^>]*\s(lang|dir|title|hreflang)=/i;

  var BUTTONS = [
    { key: "paragraph", format: "header", value: false, text: "¶" },
    { key: "h2", format: "header", value: 2, text: "H2" },
    { key: "h3", format: "header", value: 3, text: "H3" },
    { key: "bullet", format: "list", value: "bullet", text: "•" },
    { key: "ordered", format: "list", value: "ordered", text: "1." },
    { key: "bold", format: "bold", value: true, text: "B" },
    { key: "italic", format: "italic", value: true, text: "I" },
    { key: "link", format: "link", value: null, text: null },
    { key: "unlink", format: "link", value: false, text: null },
  ];

  function html(quill) {
    if (quill.getLength() <= 1) return "";
    return quill
      .getSemanticHTML()
      .replace(/&nbsp;|\u00a0/g, " ") // Quill 2.0.3 writes every space as &nbsp;
      .replace(/<p><\/p>/g, "")
      .trim();
  }

  function enhance(textarea) {
    var labels = JSON.parse(textarea.dataset.richtext || "{}");
    if (UNSUPPORTED.test(textarea.value)) {
      var note = document.createElement("p");
      note.className = "richtext-note";
      note.textContent = labels.unsupported || "";
      textarea.before(note);
      return;
    }
    var box = document.createElement("div");
    box.className = "richtext";
    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar || "");
    var area = document.createElement("div");
    area.className = "richtext-area";
    box.append(toolbar, area);
    textarea.after(box);
    textarea.hidden = true;

    var quill = new window.Quill(area, { formats: ["header", "list", "bold", "italic", "link", "bdi", "blockquote"] });
    quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent");
    quill.history.clear();
    var editor = quill.root;
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () { quill.focus(); });
    }
    if (textarea.getAttribute("aria-describedby")) {
      editor.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    ["lang", "dir"].forEach(function (name) {
      var value = textarea.closest("[" + name + "]");
      if (value) editor.setAttribute(name, value.getAttribute(name));
    });

    var buttons = BUTTONS.map(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec.text || labels[spec.key] || spec.key;
      button.title = labels[spec.key] || spec.key;
      button.setAttribute("aria-label", labels[spec.key] || spec.key);
      button.dataset.key = spec.key;
      if (spec.key !== "link" && spec.key !== "unlink") button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        var range = quill.getSelection(true);
        var current = quill.getFormat(range);
        if (spec.key === "link") {
          var href = window.prompt(labels.linkPrompt || "URL", current.link || "https://");
          if (!href) return;
          href = href.trim();
          if (range.length === 0 && !current.link) {
            quill.insertText(range.index, href, "link", href, "user");
          } else {
            quill.format("link", href, "user");
          }
        } else if (spec.format === "bold" || spec.format === "italic") {
          quill.format(spec.format, !current[spec.format], "user");
        } else {
          quill.format(spec.format, spec.value, "user");
        }
        update();
      });
      toolbar.append(button);
      return [spec, button];
    });

    function update() {
      var range = quill.getSelection();
      var format = range ? quill.getFormat(range) : {};
      buttons.forEach(function (pair) {
        var spec = pair[0], button = pair[1];
        if (!button.hasAttribute("aria-pressed")) return;
        var on;
        if (spec.key === "paragraph") on = !format.header && !format.list;
        else if (spec.format === "bold" || spec.format === "italic") on = Boolean(format[spec.format]);
        else on = format[spec.format] === spec.value;
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }

    quill.on("text-change", function () {
      textarea.value = html(quill);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    });
    quill.on("editor-change", update);
    textarea.richtext = quill;
  }

  function start() {
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

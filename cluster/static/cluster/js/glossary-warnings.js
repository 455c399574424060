// The heritage glossary in wagtail-localize's translation editor: lists, above the editor, the
// strings whose translation lacks a glossary term's approved form (computed on the server, see
// cluster/translation/glossary_warnings.py), and asks again after each string is saved.
(function () {
  "use strict";
  var script = document.currentScript;
  var urlTemplate = script && script.getAttribute("data-glossary-warnings-url");

  function start() {
    var editor = document.querySelector(".js-translation-editor");
    if (!editor || !urlTemplate) return;
    var props = JSON.parse(editor.getAttribute("data-props") || "{}");
    // The translation's id, from one of its own addresses: /translate/<id>/pofile/download/
    var match = /\/translate\/(\d+)\//.exec((props.links || {}).downloadPofile || "");
    if (!match) return;
    var url = urlTemplate.replace(/\/0\/warnings\/$/, "/" + match[1] + "/warnings/");

    var panel = document.createElement("section");
    panel.className = "help-block help-warning glossary-warnings";
    panel.setAttribute("aria-live", "polite");
    panel.hidden = true;
    editor.parentNode.insertBefore(panel, editor);

    function show(data) {
      panel.textContent = "";
      panel.hidden = !data.warnings || data.warnings.length === 0;
      if (panel.hidden) return;
      var heading = document.createElement("p");
      heading.appendChild(document.createElement("strong")).textContent = data.heading;
      panel.appendChild(heading);
      var list = document.createElement("ul");
      data.warnings.forEach(function (warning) {
        var item = document.createElement("li");
        item.setAttribute("data-segment-id", warning.segment_id);
        item.textContent = warning.message + " — " + warning.source.replace(/<[^>]*>/g, "").slice(0, 120);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }

    function refresh() {
      window.fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { warnings: [] }; })
        .then(show)
        .catch(function () {});
    }

    // Saving a string is a PUT to .../translate/<id>/strings/<segment id>/edit/.
    var originalFetch = window.fetch;
    window.fetch = function (resource, init) {
      var result = originalFetch.apply(this, arguments);
      var method = ((init && init.method) || "GET").toUpperCase();
      if (method !== "GET" && String(resource).indexOf("/strings/") !== -1) {
        result.then(refresh, refresh);
      }
      return result;
    };
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

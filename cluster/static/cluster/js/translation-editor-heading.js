// wagtail-localize's translation editor writes its heading, "<source> to <target> translation",
// in English whatever the admin's language (a template literal in its bundle, not a gettext
// call). This script carries the English heading and the translated one (data-english,
// data-translated: cluster/translation/editor_language.py) and swaps them once the editor has
// rendered. React leaves the text alone afterwards: the heading it renders never changes.
(function () {
  var script = document.currentScript;
  var english = script.dataset.english;
  var translated = script.dataset.translated;
  if (!english || !translated || english === translated) {
    return;
  }
  function translateHeadings() {
    document.querySelectorAll(".js-translation-editor h3").forEach(function (heading) {
      if (heading.textContent === english) {
        heading.textContent = translated;
      }
    });
  }
  function start() {
    var editor = document.querySelector(".js-translation-editor");
    if (!editor) {
      return;
    }
    translateHeadings();
    new MutationObserver(translateHeadings).observe(editor, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// Prepares a page for the saved-widget renderer (@jupyter-widgets/html-manager 1.x) on the offline site.
// Loaded just before RequireJS and the renderer, only on pages with saved widget state.
(function () {
  "use strict";
  // 1. The renderer finds its icon fonts beside the URL that RequireJS gives its module
  //    "@jupyter-widgets/html-manager/dist/…", which by default is relative to the page. Map that module
  //    path to the vendored copy (a global `require` object defined before require.js is its configuration).
  var src = document.currentScript && document.currentScript.src;
  if (src) {
    var vendor = src.replace(/[^/]*$/, "");
    // Both the renderer's own module and the widget modules it defines ("@jupyter-widgets/base", …) may
    // be the one whose URL is used, so map the whole "@jupyter-widgets" prefix to the same folder.
    window.require = {
      paths: {
        "@jupyter-widgets/html-manager/dist": vendor + "html-manager",
        "@jupyter-widgets": vendor + "html-manager",
      },
    };
  }
  // 2. The renderer typesets widget labels with the MathJax 2 call MathJax.Hub.Queue; the site serves MathJax 3.
  //    Translate that call once MathJax 3 (a deferred script) has loaded, before widgets are rendered.
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (mj && !mj.Hub) {
      mj.Hub = {
        Queue: function (job) {
          var element = job && job[2];
          if (mj.typesetPromise) {
            mj.typesetPromise(element ? [element] : undefined).catch(function () {});
          }
        },
      };
    }
  });
  // 3. Two faults of the renderer (@jupyter-widgets/controls 5.0), mended as widgets are drawn (after the
  //    page has loaded, so the page is watched for them):
  //    - A slider's description is a <label> tied to nothing, and the noUiSlider handle (role="slider")
  //      has no name. Point the handle at that visible label with aria-labelledby, so the name read out
  //      is the words on screen (WCAG 2.2 SC 4.1.2 Name, Role, Value and SC 2.5.3 Label in Name).
  //    - A widget without a tooltip gets title="null" on its label, which shows "null" on hover. Drop it.
  //    - A tool built in another language than the page's has the class academy-lang-<code> (widgets
  //      cannot carry a lang attribute); give it lang="<code>" so screen readers pronounce its words in
  //      that language (WCAG 2.2 SC 3.1.2 Language of Parts).
  var labelled = 0;
  function mendWidgets() {
    document.querySelectorAll('[class*="academy-lang-"]').forEach(function (tool) {
      var match = /(?:^|\s)academy-lang-([a-z]{2,3})(?:\s|$)/.exec(tool.className);
      if (match && tool.getAttribute("lang") !== match[1]) tool.setAttribute("lang", match[1]);
    });
    document.querySelectorAll('.widget-label[title="null"]').forEach(function (label) {
      label.removeAttribute("title");
    });
    document.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = slider.querySelector(":scope > .widget-label");
      if (!label || label.style.display === "none" || !label.textContent.trim()) return;
      if (!label.id) label.id = "academy-slider-label-" + ++labelled;
      slider.querySelectorAll(".noUi-handle").forEach(function (handle) {
        if (!handle.hasAttribute("aria-labelledby")) handle.setAttribute("aria-labelledby", label.id);
      });
    });
  }
  new MutationObserver(mendWidgets).observe(document.documentElement, { childList: true, subtree: true });
})();

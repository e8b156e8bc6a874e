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
})();

/*
 * Print: paper has no links. Every link in the page's text that leads to another page
 * gets its full address in data-katalog-href, which print.css writes out after the link
 * text; the web addresses (http…) are written out by print.css alone, also without
 * JavaScript. In-page anchors and links whose text already is the address are left alone.
 * (navigation.instant is off in mkdocs.yml, so each page loads this script itself.)
 */
(function () {
  "use strict";

  function mark(root) {
    var links = root.querySelectorAll(".md-content article a[href]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var raw = link.getAttribute("href") || "";
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.charAt(0) === "#") continue;
      if (link.classList.contains("headerlink")) continue;
      var url;
      try {
        url = new URL(raw, document.baseURI);
      } catch (e) {
        continue;
      }
      if (url.origin !== location.origin) continue;
      if (url.pathname === location.pathname && url.search === location.search) continue;
      var text = (link.textContent || "").trim();
      if (text === url.href || text === raw) continue;
      link.setAttribute("data-katalog-href", url.href);
    }
  }

  /* Closed "Kilden siger" boxes: open them for paper, close them again after. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll(".md-content details:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].setAttribute("open", "");
      opened.push(closed[i]);
    }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) opened.pop().removeAttribute("open");
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mark(document); });
  } else {
    mark(document);
  }
})();

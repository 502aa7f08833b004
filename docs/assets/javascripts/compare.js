/*
 * Compare initiatives side by side ("Sammenlign indsatser").
 *
 * Loaded on every page. Reveals the "Sammenlign" checkboxes the build writes on
 * cards, case pages and the compare page's list ([data-katalog-compare]), keeps
 * the chosen ids (at most 4) in localStorage, and shows a link "Sammenlign (2)"
 * to the compare page. On the compare page ([data-katalog-compare-page]) the
 * choice lives in the address (?id=a&id=b), so it can be shared and reloaded; the
 * script reads the page's JSON (written by katalog.site.compare) and builds a
 * table. Record text is inserted with textContent only, never as markup.
 *
 * Plain ES2019, no libraries; the only request is the compare page's own JSON.
 */
(function () {
  "use strict";

  var KEY = "katalog-sammenlign";
  var MAX = 4;
  var ID = /^[a-z0-9][a-z0-9-]*$/;
  /* "2 indsatser": the site's one table of Danish nouns (grammar.js, from katalog.language). */
  function count(n) {
    return window.katalogGrammar.count(n, "indsats");
  }
  var FULL = "Du kan højst sammenligne " + count(MAX) + ". Fjern en, før du vælger en ny.";
  var TOO_MANY = "Adressen nævner flere end " + count(MAX) + "; de første " + MAX + " vises.";
  // An id is a short slug (katalog.catalogue.model.SLUG_PATTERN); longer values in the address are not read.
  var LONGEST = 200;
  // The site root, from this script's own address (…/assets/javascripts/compare.js), as material-scope.js does.
  var SCRIPT = document.currentScript;
  var ROOT = SCRIPT ? new URL("../../", SCRIPT.src) : new URL("/", location.href);

  // The distinct well-formed ids of ``ids``, in order, at most ``limit`` of them (all when limit is 0).
  function wellFormed(ids, limit) {
    var out = [];
    var seen = Object.create(null); // not indexOf: an address of 100 kB holds some 25 000 ids
    (Array.isArray(ids) ? ids : []).forEach(function (id) {
      if (typeof id !== "string" || id.length > LONGEST || (limit && out.length >= limit)) return;
      // Ids are lower case; an address typed or pasted in capitals still means the same initiatives.
      var lower = id.trim().toLowerCase();
      if (ID.test(lower) && !seen[lower]) {
        seen[lower] = true;
        out.push(lower);
      }
    });
    return out;
  }

  function clean(ids) {
    return wellFormed(ids, MAX);
  }

  function load() {
    try {
      return clean(JSON.parse(localStorage.getItem(KEY) || "[]"));
    } catch (e) {
      return [];
    }
  }

  function save(ids) {
    try {
      localStorage.setItem(KEY, JSON.stringify(ids));
    } catch (e) {
      /* private mode or storage off: the address still holds the choice on the compare page */
    }
  }

  function query(ids) {
    return ids
      .map(function (id) {
        return "id=" + encodeURIComponent(id);
      })
      .join("&");
  }

  function compareHref(ids) {
    var url = new URL("sammenlign/", ROOT);
    url.search = query(ids);
    return url.href;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function sentence(text) {
    return /[.!?]$/.test(text) ? text : text + ".";
  }

  /* ------------------------------------------------------------------ state shared by every page */

  var state = { ids: load(), listeners: [] };

  function notify() {
    state.listeners.forEach(function (fn) {
      fn(state.ids);
    });
  }

  function setIds(ids) {
    state.ids = clean(ids);
    save(state.ids);
    notify();
  }

  // The choice changed elsewhere: in another tab (a storage event), or on another page before the
  // browser brought this one back from its back/forward cache. Show the stored choice, not a stale one.
  function reread() {
    var stored = load();
    if (stored.join(" ") === state.ids.join(" ")) return;
    state.ids = stored;
    notify();
  }
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) reread();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) reread();
  });

  function toggles() {
    return Array.prototype.slice.call(document.querySelectorAll("input[data-katalog-compare]"));
  }

  function syncToggles(ids) {
    toggles().forEach(function (box) {
      box.checked = ids.indexOf(box.value) >= 0;
    });
  }

  function wireToggles(announce) {
    toggles().forEach(function (box) {
      var wrap = box.closest(".katalog-compare-toggle");
      if (wrap) wrap.hidden = false;
      box.addEventListener("change", function () {
        var ids = state.ids.slice();
        if (box.checked) {
          if (ids.length >= MAX) {
            box.checked = false;
            announce(FULL);
            return;
          }
          ids.push(box.value);
        } else {
          ids = ids.filter(function (id) {
            return id !== box.value;
          });
        }
        announce("");
        setIds(ids);
      });
    });
    syncToggles(state.ids);
    state.listeners.push(syncToggles);
  }

  /* ------------------------------------------------------------------ the bar on cards and case pages */

  function bar() {
    // After the article, not in it: the bar is the page's tool, not part of the record.
    var host = document.querySelector(".md-content") || document.body;
    var box = el("div", "katalog-compare-bar");
    var link = el("a", "md-button md-button--primary katalog-compare-bar__link");
    var message = el("p", "katalog-compare-bar__message");
    message.setAttribute("role", "status");
    message.setAttribute("aria-live", "polite");
    box.appendChild(link);
    box.appendChild(message);
    host.appendChild(box);

    function show(ids) {
      link.href = compareHref(ids);
      link.textContent = "Sammenlign (" + ids.length + ")";
      link.hidden = ids.length === 0;
      box.classList.toggle("katalog-compare-bar--active", ids.length > 0 || message.textContent !== "");
    }
    state.listeners.push(show);
    show(state.ids);
    return function (text) {
      message.textContent = text;
      show(state.ids);
    };
  }

  /* ------------------------------------------------------------------ the compare page */

  function list(items, render) {
    var ul = el("ul", "katalog-compare__items");
    items.forEach(function (item) {
      var li = el("li");
      render(li, item);
      ul.appendChild(li);
    });
    return ul;
  }

  function link(text, href) {
    var a = el("a", "", text);
    // Absolute, so a printed page writes the address out (print.css) and it works once copied.
    a.href = new URL(href, location.href).href;
    return a;
  }

  function table(data, chosen) {
    var t = el("table", "katalog-compare__table");
    t.appendChild(el("caption", "", "Sammenligning af " + count(chosen.length)));
    var head = el("thead");
    var row = el("tr");
    row.appendChild(el("td"));
    chosen.forEach(function (item) {
      var th = el("th");
      th.scope = "col";
      th.appendChild(link(item.name, item.href));
      row.appendChild(th);
    });
    head.appendChild(row);
    t.appendChild(head);
    var body = el("tbody");

    function addRow(label, fill) {
      var tr = el("tr");
      var th = el("th", "", label);
      th.scope = "row";
      tr.appendChild(th);
      chosen.forEach(function (item) {
        var td = el("td");
        fill(td, item);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }

    data.facts.forEach(function (label, n) {
      addRow(label, function (td, item) {
        td.textContent = item.facts[n];
      });
    });
    addRow("Resultater", function (td, item) {
      if (!item.results.length) {
        td.textContent = "Kilden nævner ingen resultater.";
        return;
      }
      td.appendChild(
        list(item.results, function (li, r) {
          li.className = "katalog-compare__result";
          li.appendChild(el("strong", "", r.measure + ": "));
          li.appendChild(document.createTextNode(r.value + " "));
          var badge = el("span", "katalog-evidence katalog-evidence--" + r.evidence, r.evidence_label);
          badge.title = r.evidence_explained;
          li.appendChild(badge);
          li.appendChild(el("span", "katalog-compare__when", sentence("Målt: " + r.time_point) + " " + sentence(r.comparison)));
        })
      );
    });
    addRow("Metoder", function (td, item) {
      if (!item.methods.length) {
        td.textContent = "Ingen metoder nævnt.";
        return;
      }
      td.appendChild(
        list(item.methods, function (li, m) {
          li.appendChild(link(m.title, m.href));
        })
      );
    });
    addRow("Kilder", function (td, item) {
      td.appendChild(
        list(item.sources, function (li, s) {
          li.textContent = s;
        })
      );
    });
    t.appendChild(body);
    var scroll = el("div", "katalog-compare__scroll");
    // A region of its own: on a phone the table scrolls sideways, and keyboard users can scroll it too.
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-label", "Sammenligningen");
    scroll.tabIndex = 0;
    scroll.appendChild(t);
    return scroll;
  }

  function comparePage(root) {
    var status = root.querySelector(".katalog-compare__status");
    var view = root.querySelector(".katalog-compare__view");
    var announce = function (text) {
      status.textContent = text;
    };
    var params = new URLSearchParams(location.search);
    var fromUrl = params.getAll("id").filter(function (id) {
      return id.trim() !== "";
    });
    // Every well-formed id of the address is kept until the data says which exist, so unknown ids
    // cannot take the places of known ones; the rest (markup, paths, overlong values) never exist.
    var asked = fromUrl.length ? wellFormed(fromUrl, 0) : null;
    var malformed = fromUrl.filter(function (id) {
      return id.length > LONGEST || !ID.test(id.trim().toLowerCase());
    }).length;
    if (asked) state.ids = clean(asked);
    wireToggles(announce);

    fetch(new URL(root.getAttribute("data-src"), location.href).href)
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var byId = Object.create(null);
        data.initiatives.forEach(function (item) {
          byId[item.id] = item;
        });
        // The address's choice: its known ids, the first MAX of them; what was left out is said once.
        var first = true;
        var unknown = 0;
        var tooMany = false;
        if (asked) {
          var existing = asked.filter(function (id) {
            return byId[id];
          });
          unknown = asked.length - existing.length + malformed;
          tooMany = existing.length > MAX;
          state.ids = existing.slice(0, MAX);
          syncToggles(state.ids);
        }
        save(state.ids);
        function show(ids) {
          var known = ids.filter(function (id) {
            return byId[id];
          });
          var url = new URL(location.href);
          url.search = query(known);
          history.replaceState(null, "", url.href);
          view.textContent = "";
          // print.css leaves the list of every initiative off the paper while a table is shown.
          document.body.classList.toggle("katalog-comparing", known.length >= 2);
          var note = "";
          if (first) {
            note = (unknown ? " " + count(unknown) + " fra adressen findes ikke i kataloget." : "") +
              (tooMany ? " " + TOO_MANY : "");
          }
          first = false;
          if (known.length < 2) {
            view.hidden = true;
            announce(
              (known.length === 0
                ? "Du har ikke valgt nogen indsatser endnu."
                : "Du har valgt " + count(1) + ". Vælg mindst 1 mere for at sammenligne.") + note
            );
            return;
          }
          var print = el("button", "md-button katalog-compare__print", "Udskriv sammenligningen");
          print.type = "button";
          print.addEventListener("click", function () {
            window.print();
          });
          view.appendChild(
            table(
              data,
              known.map(function (id) {
                return byId[id];
              })
            )
          );
          view.appendChild(print);
          view.hidden = false;
          announce("Viser " + count(known.length) + " side om side." + note);
        }
        state.listeners.push(show);
        show(state.ids);
      })
      .catch(function () {
        announce("Sammenligningen kunne ikke hentes. Brug listen herunder.");
      });
  }

  function init() {
    var root = document.querySelector("[data-katalog-compare-page]");
    if (root) {
      comparePage(root);
    } else if (toggles().length) {
      wireToggles(bar());
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Search as you type in the header (the form in overrides/partials/header.html).
//
// From two characters on, the best pages are listed under the box with their kind, title and excerpt,
// the same pages in the same order as the search page (pagefind-search.js). Keyboard as in Material's
// search: ArrowDown/ArrowUp move through the list, Enter opens the chosen page (with nothing chosen it
// submits the form to the search page, sog/?q=…), Escape closes the list and keeps the focus in the box.
// ARIA: the box is a combobox controlling a listbox (WAI-ARIA APG "list autocomplete"); a polite live
// region says how many pages were found. On phones the header shows only a search icon; with this
// script it opens the box over the header instead of going to the search page.
// Without JavaScript the form still submits to the search page. Styles: header-search.css.

import { countText, excerptNodes, kindOf, quotedQuery, searchSite, siteRoot } from "./pagefind-search.js";

const MIN_CHARS = 2;
const MAX_RESULTS = 8;
const DEBOUNCE_MS = 150;
const PHONE = window.matchMedia("(max-width: 44.99em)");

const form = document.querySelector("form.katalog-search");
const input = document.getElementById("katalog-search-q");
const opener = document.querySelector("a.katalog-search__link");

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setUp() {
  const listId = "katalog-search-list";
  const panel = element("div", "katalog-search__panel");
  panel.hidden = true;
  const list = element("ul", "katalog-search__list");
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Søgeresultater");
  const empty = element("p", "katalog-search__empty");
  // For the mouse; from the keyboard, Enter with nothing chosen goes to the same page (Tab closes the list).
  const all = element("a", "katalog-search__all");
  const status = element("p", "katalog-search__status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");
  panel.append(list, empty, all);
  input.after(panel);
  form.append(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  form.classList.add("katalog-search--live");

  let timer = 0;
  let ticket = 0;
  let options = [];
  let selected = -1;

  function searchPage(q) {
    const url = new URL("sog/", siteRoot);
    if (q) url.searchParams.set("q", q);
    return url.href;
  }

  function select(index) {
    if (selected >= 0 && options[selected]) options[selected].setAttribute("aria-selected", "false");
    selected = index;
    if (selected >= 0 && options[selected]) {
      const option = options[selected];
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    ticket += 1; // a search still running is no longer wanted
    clearTimeout(timer);
    select(-1);
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function option(data, index) {
    const id = `${listId}-${index}`;
    const item = element("li", "katalog-search__option");
    item.id = id;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.url = data.url;
    const kind = element("span", "katalog-search__kind", kindOf(data.url));
    kind.id = `${id}-kind`;
    const title = element("span", "katalog-search__title", data.meta?.title || data.url);
    title.id = `${id}-title`;
    const excerpt = element("span", "katalog-search__excerpt");
    excerpt.id = `${id}-excerpt`;
    excerpt.append(excerptNodes(data.excerpt || ""));
    item.setAttribute("aria-labelledby", `${title.id} ${kind.id}`);
    item.setAttribute("aria-describedby", excerpt.id);
    item.append(kind, title, excerpt);
    return item;
  }

  function show(q, { total, hits }) {
    options = hits.map(option);
    selected = -1;
    input.removeAttribute("aria-activedescendant");
    list.replaceChildren(...options);
    list.hidden = options.length === 0;
    empty.hidden = options.length > 0;
    empty.textContent = options.length ? "" : `Ingen resultater for »${quotedQuery(q)}«`;
    all.href = searchPage(q);
    all.textContent = total > hits.length ? `Se alle ${countText(total)} på søgesiden` : "Åbn søgesiden";
    status.textContent = total === 0 ? "Ingen resultater" : countText(total);
    panel.dataset.query = q;
    panel.dataset.state = "done";
    open();
  }

  async function run(q) {
    const mine = ++ticket;
    panel.dataset.state = "busy";
    try {
      const found = await searchSite(q, MAX_RESULTS);
      if (mine !== ticket || document.activeElement !== input) return; // a newer search, or the box was left
      show(q, found);
    } catch (error) {
      if (mine !== ticket) return;
      console.error("Søgningen fejlede:", error);
      options = [];
      list.replaceChildren();
      list.hidden = true;
      empty.hidden = false;
      empty.textContent = "Søgningen kunne ikke indlæses. Tryk Enter for at gå til søgesiden.";
      all.href = searchPage(q);
      all.textContent = "Åbn søgesiden";
      status.textContent = "Søgningen kunne ikke indlæses";
      panel.dataset.state = "error";
      open();
    }
  }

  function changed() {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < MIN_CHARS) {
      close();
      status.textContent = "";
      return;
    }
    timer = setTimeout(() => run(q), DEBOUNCE_MS);
  }

  function go(url) {
    close();
    location.assign(url);
  }

  input.addEventListener("input", changed);
  input.addEventListener("focus", () => {
    if (input.value.trim().length >= MIN_CHARS && panel.hidden) changed();
  });

  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    const expanded = !panel.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!expanded) changed();
        else if (options.length) select(selected < options.length - 1 ? selected + 1 : 0);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (expanded && options.length) select(selected > 0 ? selected - 1 : options.length - 1);
        break;
      case "Enter":
        if (expanded && selected >= 0) {
          event.preventDefault();
          go(options[selected].dataset.url);
        }
        // With nothing chosen the form submits to the search page (sog/?q=…).
        break;
      case "Tab":
        close(); // the focus moves on to the search button, as in a native list
        break;
      case "Escape":
        if (expanded) {
          event.preventDefault();
          close();
        } else if (form.classList.contains("katalog-search--open")) {
          event.preventDefault();
          closePhoneBox(true);
        }
        break;
      default:
    }
  });

  // A click on a result opens it; the focus stays in the box while the mouse is down on the list.
  panel.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const item = event.target.closest(".katalog-search__option");
    if (item) go(item.dataset.url);
  });
  list.addEventListener("mousemove", (event) => {
    const item = event.target.closest(".katalog-search__option");
    const index = options.indexOf(item);
    if (index >= 0 && index !== selected) select(index);
  });

  // Leaving the form (Tab past it, a click elsewhere) closes the list, and on a phone the box.
  form.addEventListener("focusout", (event) => {
    if (event.relatedTarget && form.contains(event.relatedTarget)) return;
    close();
    if (form.classList.contains("katalog-search--open")) closePhoneBox(false);
  });

  // Phones: the header's search icon opens the box over the header.
  function openPhoneBox() {
    form.classList.add("katalog-search--open");
    opener.setAttribute("aria-expanded", "true");
    input.focus();
  }

  function closePhoneBox(refocus) {
    form.classList.remove("katalog-search--open");
    opener.setAttribute("aria-expanded", "false");
    if (refocus) opener.focus();
  }

  if (opener) {
    opener.setAttribute("role", "button");
    opener.setAttribute("aria-expanded", "false");
    opener.setAttribute("aria-controls", form.id || (form.id = "katalog-search"));
    opener.addEventListener("click", (event) => {
      if (!PHONE.matches) return; // the link goes to the search page
      event.preventDefault();
      openPhoneBox();
    });
    opener.addEventListener("keydown", (event) => {
      if (event.key === " ") {
        event.preventDefault();
        opener.click();
      }
    });
  }
}

if (form && input) setUp();

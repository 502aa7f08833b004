// The search page (sog/): runs the query in ?q= against the Pagefind index and lists the best hits.
//
// Loading Pagefind, the ranking and the fallback for phrases are shared with the header's search as
// you type (pagefind-search.js), so both list the same pages in the same order.
// Loaded only by docs/sog.md as a module; without JavaScript the page shows a <noscript> pointer.

import { countText as count, excerptNodes, kindOf, quotedQuery, searchSite } from "./pagefind-search.js";

const MAX_RESULTS = 10;

const form = document.querySelector("[data-sog-form]");
const input = document.getElementById("sog-q");
const status = document.getElementById("sog-status");
const list = document.getElementById("sog-results");
const siteTitle = document.title;
let latest = 0;

function renderHit(data) {
  const item = document.createElement("li");
  item.className = "katalog-sog__hit";
  const kind = document.createElement("span");
  kind.className = "katalog-sog__kind";
  kind.textContent = kindOf(data.url);
  const heading = document.createElement("h2");
  heading.className = "katalog-sog__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta?.title || data.url;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "katalog-sog__excerpt";
  excerpt.append(excerptNodes(data.excerpt || ""));
  item.append(kind, heading, excerpt);
  return item;
}

function say(text) {
  status.textContent = text;
}

async function run(query) {
  const ticket = ++latest;
  list.replaceChildren();
  list.dataset.state = "busy";
  const q = query.trim();
  document.title = q ? `»${quotedQuery(q)}« – ${siteTitle}` : siteTitle;
  if (!q) {
    say("");
    list.dataset.state = "empty";
    return;
  }
  say("Søger …");
  try {
    const { total, partial, hits: top } = await searchSite(q, MAX_RESULTS);
    if (ticket !== latest) return; // a newer search has started
    list.replaceChildren(...top.map(renderHit));
    if (total === 0) {
      say(`Ingen resultater for »${quotedQuery(q)}«. Prøv et andet eller kortere ord, eller se alle indsatser under Indsatser.`);
    } else if (partial) {
      const shown = Math.min(total, MAX_RESULTS);
      say(`Ingen sider har alle ordene i »${quotedQuery(q)}«. Her er ${count(shown)} med nogle af ordene.`);
    } else if (total > MAX_RESULTS) {
      say(`${count(total)} for »${quotedQuery(q)}« – her er de ${MAX_RESULTS} bedste.`);
    } else {
      say(`${count(total)} for »${quotedQuery(q)}«`);
    }
    list.dataset.state = "done";
  } catch (error) {
    if (ticket !== latest) return;
    console.error("Søgningen fejlede:", error);
    say("Søgningen kunne ikke indlæses. Prøv igen senere, eller se alle indsatser under Indsatser.");
    list.dataset.state = "error";
  }
}

function queryFromLocation() {
  return new URLSearchParams(location.search).get("q") ?? "";
}

form.hidden = false;
input.value = queryFromLocation();

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = input.value.trim();
  const url = new URL(location.href);
  if (q) url.searchParams.set("q", q);
  else url.searchParams.delete("q");
  history.pushState(null, "", url);
  run(q);
});

window.addEventListener("popstate", () => {
  input.value = queryFromLocation();
  run(input.value);
});

run(input.value);
if (!input.value) input.focus(); // arrived from the header's search link: ready to type

// The search page (sog/): runs the query in ?q= against the Pagefind index and lists the best hits.
//
// Pagefind's bundle is loaded relative to this script (assets/javascripts/ → ../../pagefind/),
// so the site works from any sub-path; Pagefind derives result URLs from the same place.
// Loaded only by docs/sog.md as a module; without JavaScript the page shows a <noscript> pointer.

const MAX_RESULTS = 10;
// Pagefind penalises long pages by default (pageLength 0.75); initiative pages are long because they
// carry stories and results, and are usually what a reader wants, so the penalty is kept small.
const RANKING = { pageLength: 0.25 };
// Pagefind only returns pages with every word. When a phrase finds nothing, each word is searched
// on its own (leaving out these common Danish words) and pages matching the most words come first.
const STOP_WORDS = new Set(
  ("af alle andet at blev bliver da de dem den denne der deres det dette dig din dog du efter eller en end er et " +
    "for fra har hun han hans hvad hvis hvor hvordan i ikke ind jeg jer jo kan kun man med meget men mig min " +
    "mod ned noget nogle nu når og også om op os over på sig sin skal som så til ud under var vi vil ville være")
    .split(" "),
);
const KINDS = [
  ["cases/", "Indsats"],
  ["methods/", "Metode"],
  ["malgrupper/", "Målgruppe"],
  ["kommuner/", "Kommune"],
  ["temaer/", "Tema"],
];

const form = document.querySelector("[data-sog-form]");
const input = document.getElementById("sog-q");
const status = document.getElementById("sog-status");
const list = document.getElementById("sog-results");
const siteTitle = document.title;
let pagefindPromise = null;
let latest = 0;

function loadPagefind() {
  if (!pagefindPromise) {
    const url = new URL("../../pagefind/pagefind.js", import.meta.url).href;
    pagefindPromise = import(url).then(async (pagefind) => {
      await pagefind.options({ excerptLength: 28, ranking: RANKING });
      await pagefind.init();
      return pagefind;
    });
  }
  return pagefindPromise;
}

function count(n) {
  return n === 1 ? "1 resultat" : `${n.toLocaleString("da-DK")} resultater`;
}

// Pagefind's excerpt is HTML with <mark> around hits; keep only text and <mark>, never other markup.
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      // Pagefind marks whole tokens, punctuation included ("kvinder."): mark only the word.
      const [, word, trailing] = node.textContent.match(/^(.*?)([.,;:!?»«"')]*)$/su);
      const mark = document.createElement("mark");
      mark.textContent = word;
      out.append(mark, trailing);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function kindOf(url) {
  const path = new URL(url, location.href).pathname;
  const root = new URL("../../", import.meta.url).pathname;
  const relative = path.startsWith(root) ? path.slice(root.length) : path;
  if (relative === "") return "Forside";
  const found = KINDS.find(([prefix]) => relative.startsWith(prefix));
  return found ? found[1] : "Side";
}

// Search each word of a phrase on its own; rank pages by how many words they match, then by score.
async function anyWords(pagefind, q) {
  const words = [...new Set(q.toLocaleLowerCase("da-DK").split(/[\s,.;:!?»«"()]+/))].filter(
    (word) => word.length > 1 && !STOP_WORDS.has(word),
  );
  if (words.length < 2) return [];
  const merged = new Map();
  for (const word of words) {
    const search = await pagefind.search(word);
    for (const result of search.results) {
      const seen = merged.get(result.id) ?? { result, matched: 0, score: 0 };
      seen.matched += 1;
      seen.score += result.score;
      merged.set(result.id, seen);
    }
  }
  return [...merged.values()]
    .sort((a, b) => b.matched - a.matched || b.score - a.score)
    .map((entry) => entry.result);
}

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
  document.title = q ? `»${q}« – ${siteTitle}` : siteTitle;
  if (!q) {
    say("");
    list.dataset.state = "empty";
    return;
  }
  say("Søger …");
  try {
    const pagefind = await loadPagefind();
    let results = (await pagefind.search(q)).results;
    let partial = false;
    if (results.length === 0) {
      results = await anyWords(pagefind, q);
      partial = results.length > 0;
    }
    const top = await Promise.all(results.slice(0, MAX_RESULTS).map((result) => result.data()));
    if (ticket !== latest) return; // a newer search has started
    const total = results.length;
    list.replaceChildren(...top.map(renderHit));
    if (total === 0) {
      say(`Ingen resultater for »${q}«. Prøv et andet eller kortere ord, eller se alle indsatser under Indsatser.`);
    } else if (partial) {
      const shown = Math.min(total, MAX_RESULTS);
      say(`Ingen sider har alle ordene i »${q}«. Her er ${count(shown)} med nogle af ordene.`);
    } else if (total > MAX_RESULTS) {
      say(`${count(total)} for »${q}« – her er de ${MAX_RESULTS} bedste.`);
    } else {
      say(`${count(total)} for »${q}«`);
    }
    list.dataset.state = "done";
  } catch (error) {
    if (ticket !== latest) return;
    console.error("Søgningen fejlede:", error);
    pagefindPromise = null; // try loading again on the next search
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

// What the search page (sog.js) and the header's search as you type (header-search.js) share:
// loading Pagefind, running a query with the same ranking and fallback, a page's kind, safe excerpts.
//
// Pagefind's bundle is loaded relative to this module (assets/javascripts/ → ../../pagefind/), so the
// site works from any sub-path; Pagefind derives result URLs from the same place. Both scripts import
// this one module, so a page loads and initialises Pagefind once.

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
// A page's kind from its folder; the folder's own page (the list of all of them) is a plain page.
const KINDS = [
  ["cases/", "Indsats"],
  ["methods/", "Metode"],
  ["malgrupper/", "Målgruppe"],
  ["kommuner/", "Kommune"],
  ["temaer/", "Tema"],
];

/** The site's root (where index.html and pagefind/ are), as an absolute URL. */
export const siteRoot = new URL("../../", import.meta.url);

let pagefindPromise = null;

export function loadPagefind() {
  if (!pagefindPromise) {
    const url = new URL("pagefind/pagefind.js", siteRoot).href;
    pagefindPromise = import(url)
      .then(async (pagefind) => {
        await pagefind.options({ excerptLength: 28, ranking: RANKING });
        await pagefind.init();
        return pagefind;
      })
      .catch((error) => {
        pagefindPromise = null; // try loading again on the next search
        throw error;
      });
  }
  return pagefindPromise;
}

/** "1 resultat", "2 resultater", "1.234 resultater": the site's one table of Danish nouns (grammar.js). */
export function countText(n) {
  return window.katalogGrammar.count(n, "resultat");
}

// How much of a query a message quotes: a pasted page of text would fill the status and be read aloud whole.
const QUOTED_CHARS = 60;
// Control and bidi control characters: the text around a quoted query must read as it is written.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

/**
 * ``q`` as a message quotes it inside »…«: without control characters, at most QUOTED_CHARS characters
 * (whole characters, so an emoji is not cut in half) and "…", and right-to-left text isolated (U+2068 …
 * U+2069) so it cannot turn the Danish sentence around it.
 */
export function quotedQuery(q) {
  const chars = Array.from(q.replace(CONTROLS, ""));
  const text = chars.length > QUOTED_CHARS ? `${chars.slice(0, QUOTED_CHARS).join("").trimEnd()}…` : chars.join("");
  return RIGHT_TO_LEFT.test(text) ? `\u2068${text}\u2069` : text;
}

/** Pagefind's excerpt is HTML with <mark> around hits; keep only text and <mark>, never other markup. */
export function excerptNodes(html) {
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

/** The kind of page a result is: Indsats, Metode, Målgruppe, Kommune, Tema, Forside or Side. */
export function kindOf(url) {
  const path = new URL(url, location.href).pathname;
  const root = siteRoot.pathname;
  const relative = path.startsWith(root) ? path.slice(root.length) : path;
  if (relative === "" || relative === "index.html") return "Forside";
  const found = KINDS.find(([prefix]) => relative.startsWith(prefix) && relative !== prefix);
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

/**
 * Search the site for ``query``: ``{ total, partial, hits }``, where ``hits`` are the data of the best
 * ``limit`` pages (url, meta.title, excerpt) and ``partial`` says no page has every word of the query.
 */
export async function searchSite(query, limit) {
  const pagefind = await loadPagefind();
  let results = (await pagefind.search(query)).results;
  let partial = false;
  if (results.length === 0) {
    results = await anyWords(pagefind, query);
    partial = results.length > 0;
  }
  const hits = await Promise.all(results.slice(0, limit).map((result) => result.data()));
  return { total: results.length, partial, hits };
}

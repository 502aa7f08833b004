/*
 * Danish counts for the site's scripts: window.katalogGrammar.count(2, "indsats") is "2 indsatser".
 *
 * Written by the katalog plugin from katalog.language.grammar, the table the pages, the booklet, the
 * command line and the messages use, so the browser writes the same words (never edit it by hand).
 * Loaded before the other scripts (mkdocs.yml, extra_javascript). Plain ES2019, no requests.
 */
(function () {
  "use strict";

  var NOUNS = {"adresse": ["adresse", "adresser"], "advarsel": ["advarsel", "advarsler"], "anden": ["anden", "andre"], "boligomr\u00e5de": ["boligomr\u00e5de", "boligomr\u00e5der"], "fejl": ["fejl", "fejl"], "fil": ["fil", "filer"], "indsats": ["indsats", "indsatser"], "indsatstype": ["indsatstype", "indsatstyper"], "kapitel": ["kapitel", "kapitler"], "kilde": ["kilde", "kilder"], "kommune": ["kommune", "kommuner"], "kontaktperson": ["kontaktperson", "kontaktpersoner"], "metode": ["metode", "metoder"], "m\u00e5lgruppe": ["m\u00e5lgruppe", "m\u00e5lgrupper"], "organisation": ["organisation", "organisationer"], "resultat": ["resultat", "resultater"], "samarbejdsvirksomhed": ["samarbejdsvirksomhed", "samarbejdsvirksomheder"], "sekund": ["sekund", "sekunder"], "side": ["side", "sider"], "sted": ["sted", "steder"], "tegn": ["tegn", "tegn"], "tema": ["tema", "temaer"], "virksomhed": ["virksomhed", "virksomheder"]};

  /* "1.234": a dot between thousands, as the pages write a whole number. */
  function number(n) {
    var digits = String(Math.abs(Math.round(n)));
    var out = "";
    for (var i = 0; i < digits.length; i += 1) {
      if (i > 0 && (digits.length - i) % 3 === 0) {
        out += ".";
      }
      out += digits.charAt(i);
    }
    return (n < 0 ? "-" : "") + out;
  }

  /* The noun in the number n asks for: the singular for exactly one, else the plural (also for zero). */
  function noun(name, n) {
    var forms = NOUNS[name];
    if (!forms) {
      throw new Error("katalogGrammar: ukendt navneord »" + name + "«");
    }
    return n === 1 ? forms[0] : forms[1];
  }

  window.katalogGrammar = Object.freeze({
    number: number,
    noun: noun,
    /* "0 indsatser", "1 indsats", "1.234 indsatser". */
    count: function (n, name) {
      return number(n) + " " + noun(name, n);
    },
  });
})();

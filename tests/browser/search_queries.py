"""Danish queries a municipal manager would type, each with the page that must be among the first five hits.

Derived from the shipped content: data/initiatives.yaml (the page for record id X
is ``cases/X/``) and docs/methods/*.md (``methods/<file stem>/``). The queries use
the forms people type, not the forms the pages happen to use: plural and definite
forms ("kvinderne", "flygtninge"), place names, names of efforts and methods, and
a few short natural phrases. Expectations are initiative or method pages, never
the browse pages (målgrupper/, kommuner/, temaer/), which list many pages each.

Used by tests/browser/test_search.py (every query must pass with Pagefind) and by
scripts/compare_search.py (which measures Material's built-in search on the same list).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchQuery:
    """One query, the page (relative to the site root) expected in the top five, and what it exercises."""

    text: str
    expected: str
    kind: str


QUERIES: tuple[SearchQuery, ...] = (
    # Municipalities.
    SearchQuery("Esbjerg", "cases/energi-til-hinanden/", "kommune"),
    SearchQuery("Albertslund", "cases/netvaerket-dit-jobfaellesskab/", "kommune"),
    SearchQuery("Greve", "cases/indsats-for-aegtefaelleforsoergede-kvinder/", "kommune"),
    SearchQuery("Roskilde", "cases/team-ildfugle/", "kommune"),
    SearchQuery("Ryslinge", "cases/partnerskab-kommune-og-virksomhed/", "kommune"),
    # Housing areas and venues.
    SearchQuery("Vindmøllen", "cases/energi-til-hinanden/", "sted"),
    SearchQuery("Varbergparken", "cases/det-groenne-sjak/", "sted"),
    SearchQuery("Urbanplanen", "cases/ncc-unge-fra-urbanplanen/", "sted"),
    SearchQuery("Hedemarken", "cases/netvaerket-dit-jobfaellesskab/", "sted"),
    SearchQuery("brandstationen", "cases/team-ildfugle/", "sted"),
    SearchQuery("Amager", "cases/ncc-unge-fra-urbanplanen/", "sted"),
    # Target groups, in the plural and definite forms people type.
    SearchQuery("kvinderne", "cases/indsats-for-aegtefaelleforsoergede-kvinder/", "målgruppe, bestemt form"),
    SearchQuery("ægtefælleforsørgede", "cases/indsats-for-aegtefaelleforsoergede-kvinder/", "målgruppe"),
    SearchQuery("indvandrerkvinder", "cases/indsats-for-aegtefaelleforsoergede-kvinder/", "målgruppe, flertal"),
    SearchQuery("flygtninge", "cases/det-groenne-sjak/", "målgruppe, flertal"),
    SearchQuery("flygtningene", "cases/det-groenne-sjak/", "målgruppe, bestemt flertal (står ikke på siden)"),
    SearchQuery(
        "indvandrerkvinderne", "cases/indsats-for-aegtefaelleforsoergede-kvinder/", "målgruppe, bestemt flertal"
    ),
    SearchQuery("fleksjobberne", "cases/det-groenne-sjak/", "målgruppe, bestemt flertal (står ikke på siden)"),
    SearchQuery("de unge på byggepladsen", "cases/ncc-unge-fra-urbanplanen/", "målgruppe, bestemt form"),
    SearchQuery("unge på kontanthjælp", "cases/team-ildfugle/", "målgruppe"),
    SearchQuery("fleksjobbere", "cases/det-groenne-sjak/", "målgruppe, flertal"),
    SearchQuery("sygemeldte", "cases/det-groenne-sjak/", "målgruppe"),
    # Kinds of effort.
    SearchQuery("fritidsjob", "cases/fritidsjobindsatser/", "indsatstype"),
    SearchQuery("mentor", "cases/virksomhedscentre-med-mentorer/", "indsatstype, ental"),
    SearchQuery("mentorerne", "cases/virksomhedscentre-med-mentorer/", "indsatstype, bestemt flertal"),
    SearchQuery("virksomhedspraktik", "methods/virksomhedspraktik-og-loentilskud/", "indsatstype"),
    SearchQuery("løntilskud", "methods/virksomhedspraktik-og-loentilskud/", "indsatstype"),
    SearchQuery("jobfællesskab", "cases/netvaerket-dit-jobfaellesskab/", "indsatstype"),
    SearchQuery("uddannelsesvejledning", "cases/boligsociale-job-og-uddannelsesvejledninger/", "indsatstype, ental"),
    SearchQuery("fremskudt beskæftigelsesindsats", "cases/fremskudt-beskaeftigelsesindsats/", "indsatstype"),
    # Methods.
    SearchQuery("empowerment", "methods/empowerment/", "metode"),
    SearchQuery("relationel velfærd", "methods/relationel-velfaerd/", "metode"),
    SearchQuery("livshjulet", "methods/livshjulet/", "metode"),
    SearchQuery("coaching", "methods/coaching/", "metode"),
    SearchQuery("resultatsystemet", "methods/resultatsystemet/", "metode"),
    SearchQuery("milepæle", "methods/handleplan-og-milepaele/", "metode"),
    SearchQuery("selvværd", "methods/arbejde-med-selvvaerd/", "metode"),
    # Names.
    SearchQuery("Team Ildfugle", "cases/team-ildfugle/", "navn"),
    SearchQuery("Det Grønne Sjak", "cases/det-groenne-sjak/", "navn"),
    SearchQuery("ildfuglene", "cases/team-ildfugle/", "navn, bestemt flertal"),
    SearchQuery("NCC", "cases/ncc-unge-fra-urbanplanen/", "navn"),
    SearchQuery("Institut for Serviceudvikling", "cases/partnerskab-kommune-og-virksomhed/", "navn"),
    # Short natural phrases.
    SearchQuery("kvinder i arbejde", "cases/indsats-for-aegtefaelleforsoergede-kvinder/", "frase"),
    SearchQuery("beboere der passer de grønne områder", "cases/det-groenne-sjak/", "frase"),
    SearchQuery("jobcenteret rykker ud i boligområdet", "cases/fremskudt-beskaeftigelsesindsats/", "frase"),
    SearchQuery("samarbejde med lokale virksomheder", "cases/energi-til-hinanden/", "frase"),
    SearchQuery("praktik på ejendomskontoret", "cases/virksomhedscentre-med-mentorer/", "frase"),
)

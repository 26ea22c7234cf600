"""The words for a figure that is not shown, in one place for every page and download.

A board member must be able to tell why a cell is empty: the chamber did not send it, or
answered and left it empty, or the question does not apply to it; counts follow the same
words (a chamber « sans objet » is not one that failed to answer).
"""

from __future__ import annotations

NOT_SENT = "non transmis"  # the chamber did not send the file or the figure
NOT_FILLED = "non renseigné"  # it answered, leaving this figure empty
NOT_APPLICABLE = "sans objet"  # the question does not apply (no observatory: no staff)
NO_RESPONSE = "n'a pas répondu"  # its survey workbook did not come back, or came back blank
SET_ASIDE = "réponse écartée"  # its response was set aside by the analyst, with a reason
NO_DATA = "pas de données"  # no year of data at all (the dashboard's gap years)
INCOMPLETE = "incomplet"  # on the 2016 map, some of the region's predecessors missing
OUT_OF_NETWORK = "hors réseau"  # not a chamber of the network that year
MISSING = "–"  # a figure that cannot be computed (a share of nothing, a change from nothing)

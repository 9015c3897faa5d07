"""The similar-comuni method's two numbers, read by the build (cruscotto/build/similar.py) and by the pages
(cruscotto/similar.py, which quote them): a module without imports, so a page never loads the build."""

NEIGHBOURS = 10  # similar comuni per comune
# a feature uses the latest year in which at least this share of the comuni has a value; the others get no
# neighbours (nothing is imputed), so a comune lacking one year's figure does not stop the build
YEAR_COVERAGE = 0.99

"""The region's code and the levels of territory, in one place for the build, the queries and the pages.

A level is the `level` of a row of the territory table and the `relation` of a membership link
(territory_link): a comune belongs to its provincia, the regione, its ambito, ASST and distretto.
SQL files get these values bound, never written in: the build SQL reads them with
`getvariable('name')` (cruscotto/build/store.py sets them), the queries as `$name` parameters that
cruscotto/db.py binds (SQL_PARAMETERS).
"""
REGION_CODE = "03"  # ISTAT code of Lombardy
REGION_NAME = "Lombardia"
MILANO_CODE = "015146"  # the comune whose Municipi and NIL the dashboard also shows


def municipio_code(number) -> str:
    """Milan's Municipio 1 is "MUN01" (Municipi, and the 2011 census zones read as them)."""
    return f"MUN{int(number):02d}"


REGION = "regione"
PROVINCE = "provincia"
AMBITO = "ambito"
ASST = "asst"
DISTRICT = "distretto"  # an ASST's distretto
COMUNE = "comune"
MUNICIPIO = "municipio"  # one of Milan's nine Municipi
NIL = "nil"  # one of Milan's 88 Nuclei di Identità Locale

# every level, broadest first: the order of territory lists
LEVELS = (REGION, PROVINCE, AMBITO, ASST, DISTRICT, COMUNE, MUNICIPIO, NIL)
# groups of comuni below the region that do not follow province borders
SERVICE_GROUPS = (AMBITO, ASST, DISTRICT)
# groups of comuni whose figures are sums over their member comuni (build/sql/aggregate.sql)
GROUP_LEVELS = (PROVINCE, REGION) + SERVICE_GROUPS
# parts of the city of Milano, compared with Milano and its benchmarks
MILAN_PARTS = (MUNICIPIO, NIL)
# groups a user takes as a whole ("all comuni of …") and among whose comuni a comune is ranked
COMUNE_GROUPS = (PROVINCE, AMBITO)
# the levels the map can draw
MAP_LEVELS = (COMUNE, AMBITO, PROVINCE, ASST, DISTRICT, MUNICIPIO, NIL)
# benchmarks of a territory, nearest first (benchmarks.sql: rank 0 is the nearest; `comune` is Milano
# for its Municipi and NIL)
BENCHMARK_ORDER = (COMUNE, AMBITO, DISTRICT, ASST, PROVINCE, REGION)

# what the SQL files may read: getvariable('…') in build SQL, $… in queries
SQL_PARAMETERS = {
    "region_code": REGION_CODE,
    "levels": list(LEVELS),
    "group_levels": list(GROUP_LEVELS),
    "service_groups": list(SERVICE_GROUPS),
    "milan_parts": list(MILAN_PARTS),
    "comune_groups": list(COMUNE_GROUPS),
    "benchmark_order": list(BENCHMARK_ORDER),
}

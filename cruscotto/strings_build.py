"""UI strings (it/en) for why a build stopped: the build raises ValidationError with one of these keys and its
values (cruscotto/build/validate.py), logs and the command line print the English text, and a page shows it
in its reader's language (cruscotto/database_file.py). Merged into cruscotto.i18n.STRINGS.

`build_row_rule` holds a rule (`build_rule_*`), itself translated; file names, column names, codes and the
offending row are data and stay as they are."""
STRINGS: dict[str, dict[str, str]] = {
    # the frame of a broken rule: file, row (as a spreadsheet numbers it), the rule, how many rows break it
    "build_row_rule": {
        "it": "{file}, riga {row}: {rule} ({count} righe violano la regola; prima: {first})",
        "en": "{file}, row {row}: {rule} ({count} rows break the rule; first: {first})"},
    "build_rule_duplicates": {"it": "valori duplicati in {columns}", "en": "duplicate values in {columns}"},
    "build_rule_missing_value": {"it": "valore mancante in '{column}'", "en": "missing value in '{column}'"},
    "build_rule_not_comune_code": {"it": "'{column}' non è un codice ISTAT di 6 cifre",
                                   "en": "'{column}' is not a 6-digit ISTAT code"},
    "build_rule_not_numeric": {"it": "'{column}' non numerico", "en": "'{column}' is not a number"},
    "build_rule_negative_count": {"it": "conteggio negativo in '{column}'", "en": "negative count in '{column}'"},
    "build_rule_not_positive": {"it": "denominatore '{column}' non positivo",
                                "en": "denominator '{column}' is not positive"},
    "build_rule_out_of_range": {"it": "'{column}' fuori dall'intervallo {low}-{high}",
                                "en": "'{column}' outside the range {low}-{high}"},
    "build_rule_unknown_indicator": {"it": "indicatore non presente nel catalogo",
                                     "en": "indicator not in the catalogue"},
    "build_rule_unknown_source": {"it": "fonte non presente nel registro", "en": "source not in the source register"},
    "build_rule_unknown_status": {"it": "stato diverso da final/provisional",
                                  "en": "status other than final/provisional"},
    "build_rule_comune_other_province": {"it": "comune in una provincia diversa da quella del suo codice",
                                         "en": "comune in a province other than the one its code names"},
    "build_rule_comune_not_listed": {"it": "comune non presente nell'elenco ISTAT", "en": "comune not in the ISTAT list"},
    "build_rule_comune_in_two_ambiti": {"it": "comune in più di un ambito", "en": "comune in more than one ambito"},
    "build_rule_sex_not_m_f": {"it": "sesso diverso da M/F (il totale è M + F)",
                               "en": "sex other than M/F (the total is M + F)"},
    "build_rule_sources_per_year": {"it": "più fonti per lo stesso anno", "en": "more than one source for the same year"},
    "build_rule_unknown_comune_code": {"it": "codice comunale sconosciuto (nemmeno come comune soppresso)",
                                       "en": "unknown comune code (not even as a merged comune)"},
    # whole-file messages
    "build_parts_not_total": {"it": "{file}: {parts} ≠ {total} per {group} ({count} casi)",
                              "en": "{file}: {parts} ≠ {total} for {group} ({count} cases)"},
    "build_file_unreadable": {"it": "{file}: file non leggibile ({error})", "en": "{file}: file cannot be read ({error})"},
    "build_geojson_unreadable": {"it": "{file}: GeoJSON non valido ({error})", "en": "{file}: invalid GeoJSON ({error})"},
    "build_geometry_codes_differ": {"it": "{file}: i codici non corrispondono a quelli di {other}",
                                    "en": "{file}: the codes do not match those of {other}"},
    "build_unknown_comune_codes": {"it": "{file}: codici comunali sconosciuti {codes}",
                                   "en": "{file}: unknown comune codes {codes}"},
    "build_successor_cycle": {"it": "{file}: ciclo nei codici successori a partire da {code}",
                              "en": "{file}: the successor codes run in a circle from {code}"},
    "build_successor_not_current": {"it": "{file}: il successore {successor} di {code} non è un comune attuale",
                                    "en": "{file}: successor {successor} of {code} is not a current comune"},
    "build_missing_column": {"it": "colonna mancante {column} in uno di questi file: {files}",
                             "en": "missing column {column} in one of these files: {files}"},
    "build_check_failed": {"it": "controllo di qualità fallito: {check} — {count} righe, ad es. {rows}",
                           "en": "data check failed: {check} — {count} rows, e.g. {rows}"},
    "build_note_untranslated": {"it": "{file}: nota della fonte senza traduzione in data/catalogue/notes.csv: {note}",
                                "en": "{file}: source note with no translation in data/catalogue/notes.csv: {note}"},
    # rules and messages of demography.py, census2011.py, milano.py and plans.py
    "build_rule_65_plus_over_total": {"it": "residenti 65+ più dei residenti", "en": "more residents 65+ than residents"},
    "build_rule_one_member_over_total": {"it": "famiglie di 1 componente più delle famiglie",
                                         "en": "more one-member households than households"},
    "build_rule_men_women_not_total": {"it": "uomini + donne ≠ totale", "en": "men + women ≠ total"},
    "build_rule_milano_not_nil_sum": {"it": "la riga di Milano non è la somma delle righe dei NIL",
                                      "en": "the Milano row is not the sum of its NIL rows"},
    "build_rule_year_not_stated": {"it": "un anno che il documento non indica: year_quote deve contenerlo",
                                   "en": "a year the document does not state: year_quote must contain it"},
    "build_rule_no_such_figure": {"it": "nessuna cifra di {figures} con questi {columns}",
                                  "en": "no figure of {figures} with this {columns}"},
    "build_provinces_expected": {"it": "{file}: attese {expected} province, trovate {found}",
                                 "en": "{file}: {expected} provinces expected, {found} found"},
    "build_census_measures_missing": {"it": "{file}: misure del censimento mancanti: {measures}",
                                      "en": "{file}: census measures missing: {measures}"},
    "build_census_codes_differ": {
        "it": "{file}: codici comunali che non sono nell'elenco di oggi {unknown}, comuni di oggi senza riga del "
              "censimento {absent}",
        "en": "{file}: comune codes not in today's list {unknown}, today's comuni without a census row {absent}"},
}

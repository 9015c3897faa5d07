"""UI strings in Italian (default) and English. Indicator labels live in the catalogue, not here."""
LANGUAGES = ("it", "en")
DEFAULT_LANGUAGE = "it"

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"it": "Cruscotto Welfare", "en": "Welfare Dashboard"},
    "app_subtitle": {"it": "Indicatori sociali per i Piani di Zona della Lombardia",
                     "en": "Social indicators for the Piani di Zona of Lombardy"},
    "page_panoramica": {"it": "Panoramica", "en": "Overview"},
    "page_mappa": {"it": "Mappa", "en": "Map"},
    "page_tendenze": {"it": "Tendenze", "en": "Trends"},
    "page_confronta": {"it": "Confronta", "en": "Compare"},
    "page_spesa": {"it": "Spesa sociale", "en": "Social spending"},
    "page_dati_aperti": {"it": "Dati aperti", "en": "Open data"},
    "page_fonti": {"it": "Fonti", "en": "Sources"},
    "open_data_intro": {"it": "Ogni numero del cruscotto con la sua definizione, fonte, anno e licenza. I file "
                              "scaricati contengono anche il catalogo, il registro delle fonti, un datapackage.json "
                              "(Frictionless Data) e un README.",
                        "en": "Every number in the dashboard with its definition, source, year and licence. "
                              "Downloads also hold the catalogue, the source register, a datapackage.json "
                              "(Frictionless Data) and a README."},
    "search": {"it": "Cerca un indicatore", "en": "Search indicators"},
    "search_placeholder": {"it": "es. anziani, famiglie, spesa", "en": "e.g. older, households, spending"},
    "topic": {"it": "Tema", "en": "Topic"},
    "catalogue_count": {"it": "{shown} indicatori su {total}", "en": "{shown} of {total} indicators"},
    "indicator_record": {"it": "Scheda dell'indicatore", "en": "Indicator record"},
    "definition": {"it": "Definizione", "en": "Definition"},
    "formula": {"it": "Formula", "en": "Formula"},
    "unit": {"it": "Unità", "en": "Unit"},
    "licence": {"it": "Licenza", "en": "Licence"},
    "years": {"it": "Anni", "en": "Years"},
    "territories_with_data": {"it": "Territori con dati", "en": "Areas with data"},
    "caveat": {"it": "Avvertenze", "en": "Caveats"},
    "caveats_title": {"it": "Avvertenze generali", "en": "General caveats"},
    "caveat_provisional_ages": {"it": "Le età al 1° gennaio 2023 (ISTAT) sono provvisorie: gli indicatori per età "
                                      "del 2023 e i posti per 100 residenti 75+ lo sono di conseguenza.",
                                "en": "Ages on 1 January 2023 (ISTAT) are provisional, and so are the 2023 age "
                                      "indicators and the places per 100 residents 75+."},
    "caveat_opencivitas": {"it": "La spesa OpenCivitas \"sociale e asili nido\" non è l'indagine ISTAT sugli "
                                 "interventi e i servizi sociali dei comuni: le due cifre non si confrontano.",
                           "en": "OpenCivitas \"social and nurseries\" spending is not the ISTAT survey of "
                                 "municipal social services: the two figures are not comparable."},
    "caveat_ambiti": {"it": "La composizione è nota (da atti pubblici) per {known} ambiti su {total}: gli altri "
                            "non hanno aggregati calcolati.",
                      "en": "Membership is known (from public acts) for {known} of {total} ambiti: the others "
                            "have no computed aggregates."},
    "caveat_snapshots": {"it": "Registri come istantanee: anagrafe di Milano al 31 dicembre di ogni anno; unità "
                               "d'offerta RSA e CDI ad agosto 2026 (vedi Fonti).",
                         "en": "Registers as snapshots: Milan's city register on 31 December of each year; RSA "
                               "and CDI units in August 2026 (see Sources)."},
    "downloads_title": {"it": "Scarica", "en": "Download"},
    "downloads_intro": {"it": "Scegli indicatori, territori (nessuno = tutti) e anni; ogni file è un archivio zip.",
                        "en": "Choose indicators, areas (none = all) and years; each file is a zip archive."},
    "download_indicators": {"it": "Indicatori", "en": "Indicators"},
    "download_territories": {"it": "Territori", "en": "Areas"},
    "download_years": {"it": "Anni", "en": "Years"},
    "all": {"it": "Tutti", "en": "All"},
    "choose_indicator": {"it": "Scegli almeno un indicatore.", "en": "Choose at least one indicator."},
    "download_everything": {"it": "Tutti i dati", "en": "All the data"},
    "download_bundle": {"it": "{format} + metadati (zip)", "en": "{format} + metadata (zip)"},
    "download_bundle_help": {"it": "Dati, catalogo, fonti, datapackage.json e README. Excel di tutti i dati: "
                                   "preparazione lenta (circa un minuto).",
                             "en": "Data, catalogue, sources, datapackage.json and README. Excel of all the "
                                   "data is slow to prepare (about a minute)."},
    "sources_intro": {"it": "Ogni fonte con licenza, data di riferimento e data di caricamento nel database.",
                      "en": "Every source with its licence, reference date and the date it was loaded."},
    "plan_figures_title": {"it": "Cifre citate nei Piani di Zona", "en": "Figures quoted in the Piani di Zona"},
    "plan_figures_intro": {"it": "Accanto a ogni cifra, dove esiste, il valore di oggi della stessa misura nei dati "
                                 "aperti, con quanto le due sono confrontabili.",
                           "en": "Beside each figure, where one exists, today's open-data value of the same "
                                 "measure, and how comparable the two are."},
    "publisher": {"it": "Editore", "en": "Publisher"},
    "attribution": {"it": "Attribuzione", "en": "Attribution"},
    "reference": {"it": "Data di riferimento", "en": "Reference date"},
    "obtained_from": {"it": "Ottenuta da", "en": "Obtained from"},
    "loaded_at": {"it": "Caricata il", "en": "Loaded on"},
    "observations": {"it": "Valori", "en": "Values"},
    "document": {"it": "Documento", "en": "Document"},
    "measure": {"it": "Misura", "en": "Measure"},
    "denominator": {"it": "Rispetto a", "en": "Relative to"},
    "today_indicator": {"it": "Indicatore di oggi", "en": "Today's indicator"},
    "today_value": {"it": "Valore di oggi", "en": "Today's value"},
    "today_year": {"it": "Anno", "en": "Year"},
    "comparability": {"it": "Confrontabilità", "en": "Comparability"},
    "territory": {"it": "Territorio", "en": "Area"},
    "territory_help": {"it": "Scrivi parte del nome: comune, ambito, provincia, Municipio o NIL di Milano.",
                       "en": "Type part of the name: comune, ambito, province, Milan Municipio or NIL."},
    "language": {"it": "Lingua", "en": "Language"},
    "year": {"it": "Anno", "en": "Year"},
    "indicator": {"it": "Indicatore", "en": "Indicator"},
    "level": {"it": "Livello", "en": "Level"},
    "compare_with": {"it": "Territori da confrontare (2-4)", "en": "Areas to compare (2-4)"},
    "source": {"it": "Fonte", "en": "Source"},
    "reference_date": {"it": "rif.", "en": "ref."},
    "provisional": {"it": "dato provvisorio", "en": "provisional"},
    "no_data": {"it": "Nessun dato disponibile per questo territorio.", "en": "No data for this area."},
    "download_csv": {"it": "Scarica CSV", "en": "Download CSV"},
    "data_table": {"it": "Dati", "en": "Data"},
    "bad_param": {"it": "Parametro '{name}' non valido ({value}): uso il valore predefinito.",
                  "en": "Invalid parameter '{name}' ({value}): using the default."},
    "benchmarks": {"it": "Confronti", "en": "Benchmarks"},
    "municipio_note": {"it": "Per i Municipi il Comune di Milano pubblica solo il numero di residenti. Gli altri "
                             "indicatori di Milano sono disponibili per i NIL (quartieri) che ricadono in prevalenza "
                             "in questo Municipio:",
                       "en": "For the Municipi the Comune di Milano publishes only the number of residents. Milan's "
                             "other indicators are available for the NIL (neighbourhoods) lying mostly in this "
                             "Municipio:"},
    "compared_with": {"it": "{name} rispetto a:", "en": "{name} compared with:"},
    "share_of_total": {"it": "quota di {name}: {share}", "en": "{name}'s share: {share}"},
    "higher": {"it": "significativamente più alto", "en": "significantly higher"},
    "lower": {"it": "significativamente più basso", "en": "significantly lower"},
    "similar": {"it": "simile", "en": "similar"},
    "unknown": {"it": "", "en": ""},
    "gauge_benchmark": {"it": "▎Lombardia {value}", "en": "▎Lombardy {value}"},
    "gauge_words": {"it": "{value} {unit}; Lombardia {benchmark}.", "en": "{value} {unit}; Lombardy {benchmark}."},
    "coverage_title": {"it": "Copertura del bisogno: posti per anziani", "en": "Coverage of need: places for older people"},
    "membership": {"it": "Composizione", "en": "Membership"},
    "parts": {"it": "dati per {have} comuni su {total}", "en": "data for {have} of {total} comuni"},
    "indicator_not_at_level": {"it": "«{indicator}» non ha dati per il livello {level}: scegli un altro indicatore.",
                               "en": "“{indicator}” has no data at level {level}: choose another indicator."},
    "no_map": {"it": "Questo livello non ha confini disponibili.", "en": "No boundaries are available for this level."},
    "map_legend": {"it": "Legenda (quintili)", "en": "Legend (quintiles)"},
    "legend_no_data": {"it": "nessun dato", "en": "no data"},
    "legend_class": {"it": "Classe", "en": "Class"},
    "pyramid": {"it": "Piramide delle età", "en": "Age pyramid"},
    "pyramid_years": {"it": "2022 (barre piene) e 2023 (contorno)", "en": "2022 (filled bars) and 2023 (outline)"},
    "spread_line": {"it": "minimo {min} · mediana {median} · massimo {max} · dato per {have} comuni su {total}",
                    "en": "min {min} · median {median} · max {max} · data for {have} of {total} comuni"},
    "men": {"it": "Maschi", "en": "Men"},
    "women": {"it": "Femmine", "en": "Women"},
    "rank_in": {"it": "Posizione tra i comuni di {group}", "en": "Rank among the comuni of {group}"},
    "rank_line": {"it": "{rank}° su {n} (1 = valore più alto); minimo {min}, mediana {median}, massimo {max}",
                  "en": "{rank} of {n} (1 = highest); min {min}, median {median}, max {max}"},
    "spending_vs_need": {"it": "Spesa pro capite e fabbisogno standard", "en": "Spending per head and standard need"},
    "spending_spread": {"it": "Distribuzione tra i comuni di {group}", "en": "Spread across the comuni of {group}"},
    "spending_target": {"it": "Spesa per area di intervento", "en": "Spending by target group"},
    "plan_citation": {"it": "Cifra citata nel documento: {document}", "en": "Figure quoted in: {document}"},
    "register_note": {"it": "Anagrafe comunale di Milano (31 dicembre): non confrontabile con la popolazione ISTAT.",
                      "en": "Milan city register (31 December): not comparable with ISTAT population."},
    "choose_two": {"it": "Scegli almeno due territori.", "en": "Choose at least two areas."},
    "value": {"it": "Valore", "en": "Value"},
    "trend_of": {"it": "Andamento", "en": "Trend"},
    "all_years": {"it": "anni disponibili", "en": "available years"},
    "loading_db": {"it": "Preparazione del database dai dati in data/raw/…", "en": "Building the database from data/raw/…"},
}

LEVELS = {
    "regione": {"it": "Regione", "en": "Region"}, "provincia": {"it": "Provincia", "en": "Province"},
    "ambito": {"it": "Ambito", "en": "Ambito"}, "asst": {"it": "ASST", "en": "ASST"},
    "distretto": {"it": "Distretto ASST", "en": "ASST district"}, "comune": {"it": "Comune", "en": "Comune"},
    "municipio": {"it": "Municipio di Milano", "en": "Milan Municipio"}, "nil": {"it": "NIL di Milano", "en": "Milan NIL"},
}

TOPICS = {
    "demografia": {"it": "Popolazione", "en": "Population"},
    "invecchiamento": {"it": "Invecchiamento", "en": "Ageing"},
    "milano_anagrafe": {"it": "Milano (anagrafe)", "en": "Milan (register)"},
    "famiglie": {"it": "Famiglie e solitudini", "en": "Households and living alone"},
    "reddito": {"it": "Reddito", "en": "Income"},
    "spesa": {"it": "Spesa sociale", "en": "Social spending"},
    "servizi_anziani": {"it": "Servizi per anziani", "en": "Services for older people"},
    "spesa_target": {"it": "Spesa per target", "en": "Spending by target"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    text = STRINGS[key].get(lang) or STRINGS[key][DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def level_label(level: str, lang: str) -> str:
    return LEVELS.get(level, {}).get(lang, level)


def topic_label(topic: str, lang: str) -> str:
    return TOPICS.get(topic, {}).get(lang, topic)

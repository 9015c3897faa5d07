"""UI strings in Italian (default) and English. Indicator labels live in the catalogue, not here."""
import re

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
    "catalogue_count": {"it": "Indicatori mostrati: {shown} su {total}", "en": "Indicators shown: {shown} of {total}"},
    "indicator_record": {"it": "Scheda dell'indicatore", "en": "Indicator record"},
    "definition": {"it": "Definizione", "en": "Definition"},
    "formula": {"it": "Formula", "en": "Formula"},
    # the path of a number (cruscotto/lineage.py): raw file, build step, query, formula
    "lineage_title": {"it": "Come è calcolato", "en": "How it is computed"},
    "lineage_formula": {"it": "Calcolo: {formula}", "en": "Computation: {formula}"},
    "lineage_source_value": {"it": "la fonte pubblica {value}", "en": "the source publishes {value}"},
    "lineage_published": {"it": "{value}, come pubblicato dalla fonte (senza numeratore e denominatore)",
                          "en": "{value}, as published by the source (no numerator or denominator)"},
    "lineage_files": {"it": "File di partenza: {files}", "en": "Raw files: {files}"},
    "lineage_step": {"it": "Lettura nel build: {step}", "en": "Build step: {step}"},
    "lineage_fields": {"it": "campi {fields}", "en": "fields {fields}"},
    "lineage_aggregate": {"it": "Numeratori e denominatori sommati sui comuni ({have} su {total} con dati): {file}",
                          "en": "Numerators and denominators summed over the municipalities ({have} of {total} with "
                                "figures): {file}"},
    "lineage_aggregate_known": {"it": "Numeratori e denominatori sommati sui {have} comuni noti con dati (l'elenco dei "
                                      "comuni può non comprenderli tutti): {file}",
                                "en": "Numerators and denominators summed over the {have} known municipalities with "
                                      "figures (the list may not include them all): {file}"},
    "lineage_local": {"it": "Dati caricati dall'Ufficio di Piano (file {file}), calcolati da {step}",
                      "en": "Figures loaded by the Ufficio di Piano (file {file}), computed by {step}"},
    "lineage_query": {"it": "Query: {query}", "en": "Query: {query}"},
    "lineage_example": {"it": "Il territorio scelto non è in questa mappa: ecco il calcolo per la prima area, "
                              "le altre seguono la stessa regola.",
                        "en": "The chosen territory is not on this map: here is the computation for the first "
                              "area; the others follow the same rule."},
    "build_step": {"it": "Passo del build", "en": "Build step"},
    "raw_measure": {"it": "Campi dei file di partenza", "en": "Raw file fields"},
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
                      "en": "Membership is known (from public acts) for {known} of {total} social districts: the others "
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
    "choose_indicator": {"it": "Nessun indicatore corrisponde alla ricerca: cambia le parole o i temi.", "en": "No indicator matches the search: change the words or the topics."},
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
                       "en": "Type part of the name: municipality, social district (ambito), province, Milan borough (Municipio) or neighbourhood (NIL)."},
    "language": {"it": "Lingua", "en": "Language"},
    "year": {"it": "Anno", "en": "Year"},
    "indicator": {"it": "Indicatore", "en": "Indicator"},
    "level": {"it": "Livello", "en": "Level"},
    "compare_with": {"it": "Territori da confrontare (2-4)", "en": "Areas to compare (2-4)"},
    "source": {"it": "Fonte", "en": "Source"},
    "provisional": {"it": "dato provvisorio", "en": "provisional"},
    "no_data": {"it": "Nessun dato disponibile per questo territorio.", "en": "No data for this area."},
    "download_csv": {"it": "Scarica CSV", "en": "Download CSV"},
    "data_table": {"it": "Dati", "en": "Data"},
    "bad_param_territory": {"it": "Territorio sconosciuto ({value}): mostro {name}.",
                            "en": "Unknown area ({value}): showing {name}."},
    "bad_param": {"it": "Parametro '{name}' non valido ({value}): uso il valore predefinito.",
                  "en": "Invalid parameter '{name}' ({value}): using the default."},
    "benchmarks": {"it": "Confronti", "en": "Benchmarks"},
    "municipio_note": {"it": "Per i Municipi ci sono il numero di residenti (anagrafe comunale, fino al 2022) e il "
                             "censimento ISTAT del 2011 (zone di decentramento). Gli indicatori recenti di Milano sono "
                             "disponibili per i NIL (quartieri) che ricadono in prevalenza in questo Municipio:",
                       "en": "For its boroughs (Municipi) there are the number of residents (city register, up to 2022) "
                             "and the 2011 ISTAT census (decentralisation zones). Milan's recent indicators are "
                             "available for the neighbourhoods (NIL) lying mostly in this borough:"},
    "compared_with": {"it": "{name} rispetto a:", "en": "{name} compared with:"},
    "share_of_total": {"it": "di cui {name}: {share}", "en": "of which {name}: {share}"},
    "higher": {"it": "significativamente più alto", "en": "significantly higher"},
    "lower": {"it": "significativamente più basso", "en": "significantly lower"},
    "similar": {"it": "simile", "en": "similar"},
    "significance_explained": {"it": "«Significativamente» più alto o più basso: la differenza è più grande di quanto "
                                     "il caso da solo spiegherebbe, con un margine di sicurezza del 95%.",
                               "en": "“Significantly” higher or lower: the difference is larger than chance alone "
                                     "would explain, with 95% confidence."},
    "unknown": {"it": "", "en": ""},
    "gauge_benchmark": {"it": "▎Lombardia {value}", "en": "▎Lombardy {value}"},
    "gauge_words": {"it": "{value} {unit}; Lombardia {benchmark}.", "en": "{value} {unit}; Lombardy {benchmark}."},
    "coverage_title": {"it": "Copertura del bisogno: posti per anziani", "en": "Coverage of need: places for older people"},
    "membership": {"it": "Composizione", "en": "Membership"},
    "parts": {"it": "dati per {have} dei {total} comuni", "en": "figures for {have} of {total} municipalities"},
    "indicator_not_at_level": {"it": "«{indicator}» non ha dati per il livello {level}: la mappa mostra «{shown}».",
                               "en": "“{indicator}” has no data at level {level}: the map shows “{shown}”."},
    "no_map": {"it": "Questo livello non ha confini disponibili.", "en": "No boundaries are available for this level."},
    "map_files_full": {"it": "La mappa non può essere mostrata ora: il server non ha più spazio su disco per i suoi "
                             "file. I dati restano nella tabella qui sotto.",
                       "en": "The map cannot be shown right now: the server has no disk space left for its files. "
                             "The figures are in the table below."},
    "map_legend": {"it": "Legenda (quintili)", "en": "Legend (quintiles)"},
    "map_year_coverage": {"it": "{year} · {have} su {total}", "en": "{year} · {have} of {total}"},
    "legend_no_data": {"it": "nessun dato", "en": "no data"},
    "legend_class": {"it": "Classe", "en": "Class"},
    "pyramid": {"it": "Piramide delle età", "en": "Age pyramid"},
    "pyramid_years": {"it": "2022 (barre piene) e 2023 (contorno)", "en": "2022 (filled bars) and 2023 (outline)"},
    "spread_line": {"it": "minimo {min} · mediana {median} · massimo {max} · dato per {have} comuni su {total}",
                    "en": "min {min} · median {median} · max {max} · figures for {have} of {total} municipalities"},
    "men": {"it": "Maschi", "en": "Men"},
    "women": {"it": "Femmine", "en": "Women"},
    "rank_in": {"it": "Posizione tra i comuni — {group}", "en": "Rank among the municipalities — {group}"},
    "rank_line": {"it": "{rank}° su {n} (1 = valore più alto); minimo {min}, mediana {median}, massimo {max}",
                  "en": "{rank} of {n} (1 = highest); min {min}, median {median}, max {max}"},
    "spending_vs_need": {"it": "Spesa pro capite e fabbisogno standard", "en": "Spending per head and standard need"},
    "spending_spread": {"it": "Distribuzione tra i comuni di {group}", "en": "Spread across the municipalities of {group}"},
    "spending_target": {"it": "Spesa per area di intervento", "en": "Spending by target group"},
    "plan_citation": {"it": "Cifra citata nel documento: {document}", "en": "Figure quoted in: {document}"},
    "plan_computed_from": {"it": "calcolato da {inputs}", "en": "computed from {inputs}"},
    "register_note": {"it": "Anagrafe comunale di Milano (31 dicembre): non confrontabile con la popolazione ISTAT.",
                      "en": "Milan city register (31 December): not comparable with ISTAT population."},
    "choose_two": {"it": "Scegli almeno due territori.", "en": "Choose at least two areas."},
    # the planner's comparison (/confronta), ambito members (/panoramica), downloads for people
    "key_indicators_title": {"it": "Gli indicatori chiave a confronto", "en": "Key indicators side by side"},
    "key_indicators_note": {"it": "In ogni cella l'ultimo valore disponibile e il suo anno. Posizione: 1 = valore più "
                                  "alto tra i territori scelti con un valore dello stesso anno e, per un comune, tra "
                                  "i comuni della sua provincia nello stesso anno. La posizione non dice se un valore è migliore o peggiore: per "
                                  "alcuni indicatori (es. redditi bassi) un valore alto è un segnale negativo. "
                                  "«—» = dato non disponibile.",
                            "en": "Each cell holds the latest available value and its year. Rank: 1 = highest value "
                                  "among the chosen areas with a value of the same year and, for a municipality, among the municipalities of its province in the "
                                  "same year. Rank does not say whether a value is better or worse: for some "
                                  "indicators (e.g. low incomes) a high value is a bad sign. “—” = no data."},
    "key_indicators_none": {"it": "Nessun indicatore chiave ha dati per i territori scelti.",
                            "en": "No key indicator has data for the chosen areas."},
    "rank_header": {"it": "{name} · posizione", "en": "{name} · rank"},
    "rank_province": {"it": "{rank} su {n} in provincia", "en": "{rank} of {n} in the province"},
    "rank_chosen": {"it": "{rank} di {n}", "en": "{rank} of {n}"},
    "members_title": {"it": "Comuni dell'ambito: {n}", "en": "Municipalities of the social district: {n}"},
    "membership_source": {"it": "Composizione da: {source}", "en": "Membership from: {source}"},
    "group_option": {"it": "{name} ({n} comuni)", "en": "{name} ({n} municipalities)"},
    "group_choice": {"it": "Tutti i comuni di …", "en": "All municipalities of …"},
    "group_choice_help": {"it": "Aggiunge alla selezione tutti i comuni di una provincia o di un ambito (per gli "
                                "ambiti di composizione nota).",
                          "en": "Adds every municipality of a province or social district to the selection (for the social districts whose "
                                "membership is known)."},
    "group_choice_added": {"it": "Selezione: {n} territori, di cui {added} comuni da {groups}.",
                           "en": "Selection: {n} areas, of which {added} municipalities from {groups}."},
    "csv_format": {"it": "Formato del CSV", "en": "CSV format"},
    "csv_excel_it": {"it": "Excel in italiano (; e virgola decimale)", "en": "Italian Excel (; and decimal comma)"},
    "csv_standard": {"it": "Standard (, e punto decimale)", "en": "Standard (, and decimal point)"},
    "download_csv_help": {"it": "Si apre in colonne in Excel. Formato: {format}; per cambiarlo apri «Dati».",
                          "en": "Opens as columns in Excel. Format: {format}; to change it open “Data”."},
    "status_final": {"it": "definitivo", "en": "final"},
    "status_provisional": {"it": "provvisorio", "en": "provisional"},
    "col_code": {"it": "Codice territorio", "en": "Area code"},
    "col_level": {"it": "Livello", "en": "Level"},
    "col_indicator_id": {"it": "Codice indicatore", "en": "Indicator id"},
    "col_status": {"it": "Stato del dato", "en": "Status"},
    "col_numerator": {"it": "Numeratore", "en": "Numerator"},
    "col_denominator": {"it": "Denominatore", "en": "Denominator"},
    "col_note": {"it": "Nota", "en": "Note"},
    "col_parts_with_data": {"it": "Comuni con dato", "en": "Municipalities with data"},
    "col_parts_total": {"it": "Comuni in totale", "en": "Municipalities in total"},
    "col_rank": {"it": "Posizione (1 = valore più alto)", "en": "Rank (1 = highest value)"},
    "col_members": {"it": "Comuni del gruppo", "en": "Municipalities in the group"},
    "col_rank_chosen": {"it": "Posizione tra i territori scelti (1 = valore più alto)",
                        "en": "Rank among the chosen areas (1 = highest value)"},
    "col_chosen_ranked": {"it": "Territori scelti in classifica", "en": "Chosen areas ranked"},
    "col_province_code": {"it": "Codice provincia", "en": "Province code"},
    "col_rank_province": {"it": "Posizione tra i comuni della provincia (1 = valore più alto)",
                          "en": "Rank among the municipalities of the province (1 = highest value)"},
    "col_province_ranked": {"it": "Comuni della provincia in classifica", "en": "Municipalities of the province ranked"},
    "col_spending_eur": {"it": "Spesa (€)", "en": "Spending (€)"},
    "col_origin": {"it": "Origine", "en": "Origin"},
    "col_category": {"it": "Area di intervento", "en": "Target group"},
    "col_share_pct": {"it": "Quota (%)", "en": "Share (%)"},
    "col_band": {"it": "Classe di età", "en": "Age band"},
    "col_band_start": {"it": "Età iniziale", "en": "First age"},
    "col_sex": {"it": "Sesso", "en": "Sex"},
    "col_count": {"it": "Persone", "en": "Persons"},
    "col_source_id": {"it": "Codice fonte", "en": "Source id"},
    "col_computed_from": {"it": "Calcolo", "en": "Computation"},
    "col_territory_istat": {"it": "Codice ISTAT", "en": "ISTAT code"},
    "col_raw_files": {"it": "File originali", "en": "Raw files"},
    "col_flag": {"it": "Avvertenza sul dato", "en": "Warning on the figure"},
    "col_today_year": {"it": "Anno del valore di oggi", "en": "Year of today's value"},
    "col_members_ranked": {"it": "Comuni in classifica", "en": "Municipalities ranked"},
    "no_rank": {"it": "non in classifica", "en": "not ranked"},
    "no_rank_other_year": {"it": "non in classifica: nessun altro valore del {year} da confrontare",
                           "en": "not ranked: no other {year} value to compare with"},
    "value": {"it": "Valore", "en": "Value"},
    "trend_of": {"it": "Andamento", "en": "Trend"},
    "all_years": {"it": "anni disponibili", "en": "available years"},
    "all_shown": {"it": "Tutti quelli del catalogo qui sopra", "en": "All those in the catalogue above"},
    "legend_flagged_point": {"it": "× valore poco affidabile o da verificare", "en": "× unreliable value or to check"},
    "territory_placeholder": {"it": "Scrivi il nome di un territorio", "en": "Type the name of an area"},
    "choose_placeholder": {"it": "Scegli un'opzione", "en": "Choose an option"},
    "compare_placeholder": {"it": "Aggiungi un territorio", "en": "Add an area"},
    # flagged figures (cruscotto/reliability.py, build/sql/flags.sql) and the counts behind a rate
    "flag_unreliable": {"it": "valore poco affidabile", "en": "unreliable value"},
    "flag_check": {"it": "da verificare", "en": "to be checked"},
    "flags_title": {"it": "Valori segnalati", "en": "Flagged values"},
    "flag_rule_unreliable": {
        "it": "**Valore poco affidabile**: un tasso che poggia su poche persone, cioè meno di {numerator} al "
              "numeratore o meno di {denominator} al denominatore (contano solo le parti fatte di persone o "
              "famiglie, non gli euro né i posti). Una persona in più o in meno lo sposta di molto: il valore è "
              "mostrato, ma senza dire se sia più alto o più basso dei confronti.",
        "en": "**Unreliable value**: a rate resting on a handful of people, that is fewer than {numerator} in the "
              "numerator or fewer than {denominator} in the denominator (only parts made of people or households "
              "count, not euros or places). One person more or less moves it a lot: the value is shown, but "
              "without saying whether it is higher or lower than its benchmarks."},
    "flag_rule_check": {
        "it": "**Da verificare**: il valore è più di {factor} volte, o meno di 1/{factor}, del valore dello stesso "
              "territorio nell'anno precedente con dati. È mostrato come pubblicato dalla fonte: può essere un "
              "errore della fonte o un cambiamento reale.",
        "en": "**To be checked**: the value is more than {factor} times, or less than 1/{factor} of, the same "
              "area's value in the previous year with data. It is shown as the source published it: it may be an "
              "error in the source or a real change."},
    "flag_rule_use": {
        "it": "Le mappe mostrano i valori segnalati in grigio medio (più scuro del grigio chiaro di «nessun dato»); le posizioni in classifica e la scala dei "
              "grafici di distribuzione li escludono e li elencano sotto il grafico. Ambiti, province e regione "
              "sono valutati sui propri numeratori e denominatori. Nei file scaricati la colonna `flag` vale "
              "`unreliable`, `check` o `unreliable+check` (vuota se il valore non è segnalato).",
        "en": "Maps show flagged values in mid grey (darker than the light grey of “no data”); ranks and the scale of spread charts leave them out and list "
              "them below the chart. Social districts, provinces and the region are judged on their own numerators and "
              "denominators. In downloaded files the `flag` column reads `unreliable`, `check` or "
              "`unreliable+check` (empty when the value is not flagged)."},
    "flag_card_unreliable": {"it": "poggia su poche persone: una in più o in meno lo sposta di molto",
                             "en": "rests on a handful of people: one more or less moves it a lot"},
    "flag_card_check": {"it": "oltre {factor} volte (o sotto 1/{factor}) il valore dell'anno precedente: "
                              "mostrato come pubblicato",
                        "en": "over {factor} times (or under 1/{factor} of) the previous year's value: shown as "
                              "published"},
    "flag_left_out": {"it": "Esclusi dalla scala e dalla posizione: {items}",
                      "en": "Left out of the scale and the rank: {items}"},
    "rank_flagged": {"it": "{name} non entra nella posizione: {flag} ({value}).",
                     "en": "{name} is not ranked: {flag} ({value})."},
    "rank_scale": {"it": "Comuni in posizione: {n}; minimo {min}, mediana {median}, massimo {max}.",
                   "en": "Ranked municipalities: {n}; min {min}, median {median}, max {max}."},
    "legend_flagged": {"it": "poco affidabile o da verificare", "en": "unreliable or to check"},
    "counts_share": {"it": "{numerator} {numerator_label} su {denominator} {denominator_label}",
                     "en": "{numerator} {numerator_label} of {denominator} {denominator_label}"},
    "counts_ratio": {"it": "{numerator} {numerator_label} su {denominator} {denominator_label}",
                     "en": "{numerator} {numerator_label} to {denominator} {denominator_label}"},
    "loading_db": {"it": "Preparazione del database dai dati in data/raw/…", "en": "Building the database from data/raw/…"},
    # the database file and its faults (cruscotto/database_file.py); {detail} names file, row and rule
    "db_problem_build_failed": {
        "it": "I dati in data/raw/ sono cambiati, ma il database non si è potuto ricostruire: {detail}. "
              "Il cruscotto mostra il database precedente ({path}) finché i file non vengono corretti.",
        "en": "The files in data/raw/ have changed, but the database could not be rebuilt: {detail}. "
              "The dashboard shows the previous database ({path}) until the files are fixed."},
    "db_problem_file_unreadable": {
        "it": "Il file del database {path} è stato sostituito da uno che non si può leggere ({detail}); "
              "il cruscotto continua con il database aperto in precedenza.",
        "en": "The database file {path} was replaced by one that cannot be read ({detail}); "
              "the dashboard goes on with the database it opened before."},
    "db_unavailable_build_failed": {
        "it": "Il cruscotto non è disponibile: il database non si è potuto costruire dai dati in data/raw/ "
              "e non ce n'è uno precedente. Motivo: {detail}. Correggere il file indicato e ricaricare la pagina.",
        "en": "The dashboard is not available: the database could not be built from data/raw/ and there is "
              "no previous one. Reason: {detail}. Fix the file named and reload the page."},
    "db_unavailable_file_unreadable": {
        "it": "Il cruscotto non è disponibile: il file del database {path} non si può leggere ({detail}). "
              "Riprende da solo quando il file è di nuovo valido (ad esempio dopo `python -m cruscotto build`).",
        "en": "The dashboard is not available: the database file {path} cannot be read ({detail}). "
              "It resumes by itself once the file is valid again (for example after `python -m cruscotto build`)."},
    "db_unavailable_missing": {
        "it": "Il cruscotto non è disponibile: manca il file del database {path}. "
              "Riprende da solo quando il file c'è (ad esempio dopo `python -m cruscotto build`).",
        "en": "The dashboard is not available: the database file {path} is missing. "
              "It resumes by itself once the file is there (for example after `python -m cruscotto build`)."},
    "export_symlink_refused": {
        "it": "Esportazione rifiutata: {path} è un collegamento simbolico. Indicare una cartella vera.",
        "en": "Export refused: {path} is a symbolic link. Give a real folder."},
    "export_write_failed": {
        "it": "Esportazione non riuscita: {detail}. I file già presenti in {path} non sono stati modificati "
              "e non restano file temporanei.",
        "en": "Export failed: {detail}. The files already in {path} were not changed and no temporary file is left."},
    # charts, maps and missing sections (cruscotto/charts.py, maps.py, gaps.py)
    "axis_year": {"it": "anno", "en": "year"},
    "axis_territory": {"it": "territorio", "en": "area"},
    "axis_people": {"it": "persone", "en": "people"},
    "axis_age": {"it": "età", "en": "age"},
    "axis_comuni": {"it": "comuni", "en": "municipalities"},
    "axis_target": {"it": "area di intervento", "en": "target group"},
    "legend_provisional": {"it": "simbolo vuoto = dato provvisorio", "en": "hollow marker = provisional figure"},
    "legend_other_comuni": {"it": "altri comuni", "en": "other municipalities"},
    "gap_years": {"it": "{years}: nessun dato", "en": "{years}: no data"},
    "gap_years_source": {"it": "{years}: nessun dato {source}", "en": "{years}: no {source} data"},
    "legend_range": {"it": "da {low} a {high}", "en": "from {low} to {high}"},
    "map_outline": {"it": "Contorno arancione: {name}", "en": "Orange outline: {name}"},
    "map_outline_group": {"it": "Contorno arancione: {name} · contorno nero: {group}",
                          "en": "Orange outline: {name} · black outline: {group}"},
    "not_available": {"it": "Dato non disponibile per questo territorio", "en": "Not available for this area"},
    "figure_year": {"it": "anno {year}", "en": "year {year}"},
    "conflicts_title": {"it": "Composizione caricata e composizione ufficiale non coincidono",
                        "en": "Loaded and official memberships differ"},
    "conflicts_intro": {"it": "Nessuna delle due viene corretta in silenzio: ecco dove divergono.",
                        "en": "Neither is silently corrected: this is where they differ."},
    "conflict_not_in_official_list": {
        "it": "indicato da {ambito} ma assente dalla composizione ufficiale: il cruscotto usa quella ufficiale",
        "en": "listed by {ambito} but absent from the official membership: the dashboard uses the official one"},
    "conflict_only_in_official_list": {
        "it": "nella composizione ufficiale ma non in quella caricata da {ambito}: il cruscotto usa quella ufficiale",
        "en": "in the official membership but not in the one {ambito} loaded: the dashboard uses the official one"},
    "conflict_official_elsewhere": {
        "it": "caricato in {ambito}, ma secondo la composizione ufficiale appartiene a {other}: contato in {ambito}",
        "en": "loaded into {ambito}, but the official membership places it in {other}: counted in {ambito}"},
    "conflict_claimed_by_other": {
        "it": "rivendicato anche da {ambito}, ma già caricato prima in un altro ambito: resta a quello",
        "en": "also claimed by {ambito}, but loaded earlier into another social district: it stays there"},
    "col_conflict": {"it": "Differenza", "en": "Difference"},
    "include_local_data": {"it": "Includi i dati caricati dagli Uffici di Piano",
                           "en": "Include data loaded by the Uffici di Piano"},
    "include_local_data_help": {"it": "Non sono dati ufficiali: nei file la colonna `local_data` vale `true` e la "
                                      "colonna `source` dice chi li ha caricati e quando.",
                                "en": "These are not official figures: in the files the column `local_data` is `true` "
                                      "and the column `source` says who loaded them and when."},
}

# Planners' own data (cruscotto/local/) keeps its strings beside its code; one dictionary for t().
from cruscotto.local import strings_access, strings_upload, strings_views  # noqa: E402
from cruscotto import strings_build  # noqa: E402  (why a build stopped, shown on pages)
# the council-meeting features (issue 12), one module each
from cruscotto import (strings_charts, strings_glance, strings_present, strings_scheda,  # noqa: E402
                       strings_similar, strings_trend)

for _module in (strings_upload, strings_access, strings_views, strings_build, strings_similar, strings_glance,
                strings_trend, strings_scheda, strings_present, strings_charts):
    _clash = STRINGS.keys() & _module.STRINGS.keys()
    assert not _clash, f"{_module.__name__} redefines UI strings {sorted(_clash)}"
    STRINGS.update(_module.STRINGS)

LEVELS = {
    "regione": {"it": "Regione", "en": "Region"}, "provincia": {"it": "Provincia", "en": "Province"},
    "ambito": {"it": "Ambito", "en": "Social district"}, "asst": {"it": "ASST", "en": "ASST"},
    "distretto": {"it": "Distretto ASST", "en": "ASST district"}, "comune": {"it": "Comune", "en": "Municipality"},
    "municipio": {"it": "Municipio di Milano", "en": "Milan borough"}, "nil": {"it": "NIL di Milano", "en": "Milan neighbourhood (NIL)"},
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
    "dati_locali": {"it": "Dati degli Uffici di Piano", "en": "Data of the Uffici di Piano"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    text = STRINGS[key].get(lang) or STRINGS[key][DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def level_label(level: str, lang: str) -> str:
    return LEVELS.get(level, {}).get(lang, level)


def topic_label(topic: str, lang: str) -> str:
    return TOPICS.get(topic, {}).get(lang, topic)


# Names of places are proper names and stay as stored (Lodi, Ambito di Cremona), except the words that say what
# kind of place it is, which are UI text ("Provincia di Lodi" reads "Province of Lodi"), and the two names English
# has its own word for (Milan, Lombardy).
PLACE_NAME_RULES = {
    "en": [(re.compile(r"^Provincia di Monza e della Brianza$"), "Province of Monza and Brianza"),
           (re.compile(r"^Provincia di (.+)$"), r"Province of \1"),
           (re.compile(r"^Città metropolitana di Milano$"), "Metropolitan City of Milan"),
           (re.compile(r"^Città metropolitana di (.+)$"), r"Metropolitan City of \1"),
           (re.compile(r"^Milano$"), "Milan"),  # the one comune whose name English readers know in English
           (re.compile(r"^Lombardia$"), "Lombardy")],
}


def place_name(name, lang: str):
    """A territory's name for a reader of `lang` (anything that is not a string is returned as it is)."""
    if not isinstance(name, str):
        return name
    for pattern, replacement in PLACE_NAME_RULES.get(lang, []):
        if pattern.match(name):
            return pattern.sub(replacement, name)
    return name

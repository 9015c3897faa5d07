"""UI strings of the scheda feature (issue 12), merged into cruscotto.i18n.STRINGS; keys must not clash.
Every text here is drawn in the PDF with the built-in Helvetica (WinAnsi): no arrows, no "≥" (use words)."""

STRINGS: dict[str, dict[str, str]] = {
    # the button on /panoramica
    "scheda_download": {"it": "Scarica la scheda (PDF)", "en": "Download the profile (PDF)"},
    "scheda_download_help": {"it": "Una o due pagine A4 da stampare o allegare al verbale: cifre principali con i "
                                   "confronti, comuni simili, tendenze, fonti e licenze. Preparata al clic.",
                             "en": "One or two A4 pages to print or attach to the minutes: headline figures with "
                                   "their benchmarks, similar municipalities, trends, sources and licences. "
                                   "Prepared when clicked."},
    # the document
    "scheda_document_title": {"it": "Scheda del territorio: {name}", "en": "Area profile: {name}"},
    "scheda_kicker": {"it": "Scheda del territorio", "en": "Area profile"},
    "scheda_data_date": {"it": "Dati del database costruito il {date}; anni delle cifre: {years}.",
                         "en": "Data of the database built on {date}; years of the figures: {years}."},
    "scheda_no_figures": {"it": "Nessun dato disponibile per questo territorio.", "en": "No data for this area."},
    "scheda_glance_title": {"it": "Il territorio in sintesi", "en": "At a glance"},
    "scheda_glance_legend": {"it": "Ogni riga ha la sua scala, centrata sulla Lombardia (linea nera; per un totale "
                                   "come la popolazione, o dove la Lombardia non ha il dato, sulla mediana). Barra "
                                   "chiara: dal valore più basso al più alto tra i territori confrontabili (quanti, "
                                   "sotto il nome; esclusi i valori poco affidabili); barra scura: dal 25° al 75° "
                                   "percentile; tacca: mediana; punta di freccia: un estremo oltre il bordo.",
                             "en": "Each row has its own scale, centred on Lombardy (black line; for a total such as "
                                   "population, or where Lombardy has no figure, on the median). Light bar: from the "
                                   "lowest to the highest value among comparable areas (how many, under the name; "
                                   "unreliable values left out); dark bar: 25th to 75th percentile; tick: median; "
                                   "arrowhead: an extreme beyond the edge."},
    "scheda_verdict_better": {"it": "migliore", "en": "better"},
    "scheda_verdict_similar": {"it": "simile", "en": "similar"},
    "scheda_verdict_worse": {"it": "peggiore", "en": "worse"},
    "scheda_verdict_higher": {"it": "più alto", "en": "higher"},
    "scheda_verdict_lower": {"it": "più basso", "en": "lower"},
    "scheda_verdict_not_compared": {"it": "non confrontato", "en": "not compared"},
    "scheda_trend_key_up": {"it": "in aumento", "en": "rising"},
    "scheda_trend_key_stable": {"it": "stabile", "en": "stable"},
    "scheda_trend_key_down": {"it": "in calo", "en": "falling"},
    "scheda_verdict_legend": {"it": "Simbolo del territorio, dal confronto con la Lombardia (intervallo di "
                                    "confidenza al 95%), simboli degli altri riferimenti e frecce della tendenza "
                                    "recente (vedi Tendenze):",
                              "en": "The area's symbol, from its comparison with Lombardy (95% confidence "
                                    "interval), the other benchmarks' symbols and the recent trend's arrows (see "
                                    "Trends):"},
    "scheda_table_title": {"it": "Cifre principali e confronti", "en": "Headline figures and benchmarks"},
    "scheda_col_indicator": {"it": "Indicatore", "en": "Indicator"},
    "scheda_col_year": {"it": "Anno", "en": "Year"},
    "scheda_not_available": {"it": "n.d.", "en": "n/a"},
    "scheda_mark_provisional": {"it": "* dato provvisorio", "en": "* provisional figure"},
    "scheda_mark_flagged": {"it": "! {words}", "en": "! {words}"},
    "scheda_mark_not_available": {"it": "n.d.: il confronto non ha il dato di quell'anno",
                                  "en": "n/a: the benchmark has no figure for that year"},
    "scheda_mark_not_computed": {"it": "—: per i comuni simili solo tassi e quote (somma dei numeratori sulla "
                                       "somma dei denominatori), non i totali",
                                 "en": "—: for similar municipalities rates and shares only (sum of numerators over "
                                       "sum of denominators), not totals"},
    "scheda_col_glance_value": {"it": "Valore", "en": "Value"},
    "scheda_col_glance_verdict": {"it": "Rispetto alla Lombardia", "en": "Against Lombardy"},
    "scheda_missing_topic": {"it": "{topic}: dato non disponibile per questo territorio. {reason}",
                             "en": "{topic}: not available for this area. {reason}"},
    "scheda_similar_title": {"it": "Comuni simili", "en": "Similar municipalities"},
    "scheda_similar_distance": {"it": "distanza {distance}", "en": "distance {distance}"},
    "scheda_similar_none": {"it": "Nessun elenco di comuni simili per questo comune: manca una delle "
                                  "caratteristiche usate per il confronto.",
                            "en": "No list of similar municipalities for this one: one of the features used for "
                                  "the comparison is missing."},
    "scheda_trends_title": {"it": "Tendenze", "en": "Trends"},
    "scheda_trends_none": {"it": "Nessuna serie di più anni da mostrare per questo territorio.",
                           "en": "No series of several years to show for this area."},
    "scheda_trend_legend": {"it": "Linea continua: {name}; tratteggiata: {benchmark}. Punto vuoto: dato provvisorio; "
                                  "croce: dato segnalato. Anni senza dato: linea interrotta.",
                            "en": "Solid line: {name}; dashed: {benchmark}. Hollow point: provisional figure; "
                                  "cross: flagged figure. Years without a figure: broken line."},
    "scheda_trend_legend_alone": {"it": "Linea: {name}. Punto vuoto: dato provvisorio; croce: dato segnalato. Anni "
                                        "senza dato: linea interrotta.",
                                  "en": "Line: {name}. Hollow point: provisional figure; cross: flagged figure. Years "
                                        "without a figure: broken line."},
    "scheda_trend_none": {"it": "Tendenza: non calcolata (meno di {minimum} anni recenti con la stessa fonte e "
                                "copertura).",
                          "en": "Trend: not computed (fewer than {minimum} recent years with the same source and "
                                "coverage)."},
    "scheda_trend_words": {"it": "Tendenza: {words}", "en": "Trend: {words}"},
    "scheda_sources_title": {"it": "Fonti e licenze", "en": "Sources and licences"},
    "scheda_source_line": {"it": "{name} ({publisher}); licenza: {licence}",
                           "en": "{name} ({publisher}); licence: {licence}"},
    "scheda_link": {"it": "Per riaprire questa vista nel cruscotto:", "en": "To reopen this view in the dashboard:"},
    "scheda_footer": {"it": "{app} · {name} · pagina {page} di {pages}",
                      "en": "{app} · {name} · page {page} of {pages}"},
    # the command line (python -m cruscotto scheda)
    "scheda_cli_no_database": {"it": "Nessun database in {path}. Esegui prima `python -m cruscotto build`.",
                               "en": "No database at {path}. Run `python -m cruscotto build` first."},
    "scheda_cli_unknown_code": {"it": "Codice di territorio sconosciuto: {code}. Usa un codice ISTAT (es. 098031 "
                                      "per Lodi) o un codice del cruscotto (es. NIL01, MUN01).",
                                "en": "Unknown territory code: {code}. Use an ISTAT code (e.g. 098031 for Lodi) "
                                      "or a dashboard code (e.g. NIL01, MUN01)."},
    "scheda_cli_write_failed": {"it": "Impossibile scrivere {path}: {detail}", "en": "Cannot write {path}: {detail}"},
    "scheda_cli_written": {"it": "Scheda di {name} scritta in {path} (pagine: {pages}; byte: {size}).",
                           "en": "Profile of {name} written to {path} (pages: {pages}; bytes: {size})."},
}

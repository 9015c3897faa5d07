"""UI strings of the glance feature (issue 12), merged into cruscotto.i18n.STRINGS; keys must not clash."""

STRINGS: dict[str, dict[str, str]] = {
    "glance_title": {"it": "In sintesi", "en": "At a glance"},
    "glance_chart_title": {"it": "{name} in sintesi, {years}", "en": "{name} at a glance, {years}"},
    "glance_chart_sources": {"it": "Fonti: {sources}", "en": "Sources: {sources}"},
    "glance_missing": {"it": "Nessun indicatore principale per questo territorio: la sintesi non è disponibile.",
                       "en": "No headline indicator for this territory: the summary is not available."},
    # the peers whose spread each row shows, by the level of territory they are
    "glance_peers_comune": {"it": "comuni lombardi", "en": "Lombardy municipalities"},
    "glance_peers_nil": {"it": "NIL di Milano", "en": "Milan neighbourhoods (NIL)"},
    "glance_peers_ambito": {"it": "ambiti con dati", "en": "social districts with data"},
    "glance_peers_provincia": {"it": "province lombarde", "en": "Lombardy provinces"},
    "glance_peers_municipio": {"it": "Municipi di Milano", "en": "Milan boroughs"},
    "glance_peers_asst": {"it": "ASST con dati", "en": "ASSTs with data"},
    "glance_peers_distretto": {"it": "distretti ASST con dati", "en": "ASST districts with data"},
    # the same with the preposition a sentence needs ("la mediana dei comuni lombardi", "degli ambiti")
    "glance_peers_of_comune": {"it": "dei comuni lombardi", "en": "of the Lombardy municipalities"},
    "glance_peers_of_nil": {"it": "dei NIL di Milano", "en": "of the Milan neighbourhoods (NIL)"},
    "glance_peers_of_ambito": {"it": "degli ambiti con dati", "en": "of the social districts with data"},
    "glance_peers_of_provincia": {"it": "delle province lombarde", "en": "of the Lombardy provinces"},
    "glance_peers_of_municipio": {"it": "dei Municipi di Milano", "en": "of the Milan boroughs"},
    "glance_peers_of_asst": {"it": "delle ASST con dati", "en": "of the ASSTs with data"},
    "glance_peers_of_distretto": {"it": "dei distretti ASST con dati", "en": "of the ASST districts with data"},
    # chart legend and axis
    "glance_range": {"it": "Dal minimo al massimo: {peers}", "en": "Lowest to highest: {peers}"},
    "glance_middle_half": {"it": "Dal 25° al 75° percentile", "en": "25th to 75th percentile"},
    "glance_median": {"it": "Mediana", "en": "Median"},
    "glance_axis": {"it": "← più basso · più alto →   (ogni riga ha la sua scala)",
                    "en": "← lower · higher →   (each row has its own scale)"},
    "glance_no_spread": {"it": "distribuzione non disponibile", "en": "no spread available"},
    # the territory's marker, by its comparison with Lombardy
    "glance_verdict_better": {"it": "significativamente migliore della Lombardia",
                              "en": "significantly better than Lombardy"},
    "glance_verdict_similar": {"it": "simile alla Lombardia", "en": "similar to Lombardy"},
    "glance_verdict_worse": {"it": "significativamente peggiore della Lombardia",
                             "en": "significantly worse than Lombardy"},
    "glance_verdict_higher": {"it": "significativamente più alto della Lombardia (né meglio né peggio)",
                              "en": "significantly higher than Lombardy (neither better nor worse)"},
    "glance_verdict_lower": {"it": "significativamente più basso della Lombardia (né meglio né peggio)",
                             "en": "significantly lower than Lombardy (neither better nor worse)"},
    "glance_verdict_not_compared": {"it": "non confrontato", "en": "not compared"},
    "glance_reason_is_region": {"it": "è il dato della Lombardia", "en": "this is Lombardy's own figure"},
    "glance_reason_no_interval": {"it": "per questo indicatore non si calcola un intervallo di confidenza",
                                  "en": "no confidence interval is computed for this indicator"},
    "glance_reason_no_counts": {"it": "mancano i conteggi per l'intervallo di confidenza",
                                "en": "the counts needed for a confidence interval are missing"},
    "glance_reason_no_region": {"it": "manca il dato della Lombardia per il {year}",
                                "en": "Lombardy has no figure for {year}"},
    "glance_reason_count": {"it": "un totale non si confronta con quello della Lombardia",
                            "en": "a total is not compared with Lombardy's"},
    "glance_not_compared_because": {"it": "non confrontato: {reason}", "en": "not compared: {reason}"},
    "glance_marker_name": {"it": "{name}: {verdict}", "en": "{name}: {verdict}"},
    # the same, short, in the chart's legend (the legend in words says against what, and how)
    "glance_legend_better": {"it": "significativamente migliore", "en": "significantly better"},
    "glance_legend_similar": {"it": "simile", "en": "similar"},
    "glance_legend_worse": {"it": "significativamente peggiore", "en": "significantly worse"},
    "glance_legend_higher": {"it": "significativamente più alto", "en": "significantly higher"},
    "glance_legend_lower": {"it": "significativamente più basso", "en": "significantly lower"},
    "glance_legend_not_compared": {"it": "non confrontato", "en": "not compared"},
    # hover of a row
    "glance_hover_spread": {
        "it": "{peers} ({n}): minimo {low} · 25° {p25} · mediana {p50} · 75° {p75} · massimo {high}",
        "en": "{peers} ({n}): lowest {low} · 25th {p25} · median {p50} · 75th {p75} · highest {high}"},
    # the legend in words under the chart
    "glance_legend": {
        "it": "Come si legge: ogni riga è un indicatore, nell'ultimo anno disponibile per {name}. La barra chiara "
              "va dal valore più basso al più alto {peers_of} nello stesso anno (una freccia al bordo se è più "
              "lontano), quella scura dal 25° al 75° percentile; il trattino verticale è la mediana. {centre} I valori più alti sono a destra e ogni riga ha la sua scala: i valori veri sono a destra "
              "del grafico, nel passaggio del mouse e nella tabella. I valori poco affidabili degli altri territori "
              "non entrano nella distribuzione.",
        "en": "How to read it: each row is an indicator, in the latest year available for {name}. The light bar "
              "runs from the lowest to the highest value {peers_of} in the same year (an arrowhead at the edge if "
              "it lies further out), the dark bar from the 25th to the 75th percentile; the vertical tick is the "
              "median. {centre} Higher values are to the right and each row has its own "
              "scale: the real values are at the right of the chart, on hover and in the table. Unreliable values "
              "of other territories are left out of the spread."},
    # the centre of the rows: Lombardy's line where the chart draws one, else the median (a NIL's rows, a count)
    "glance_legend_centre_region": {
        "it": "La linea nera è il valore della Lombardia (dove manca, o per un totale come la popolazione, il centro "
              "è la mediana).",
        "en": "The black line is Lombardy's value (where it is missing, or for a total such as population, the "
              "centre is the median)."},
    "glance_legend_centre_median": {"it": "Il centro di ogni riga è la mediana.",
                                    "en": "The centre of each row is the median."},
    "glance_legend_benchmarks": {"it": "I simboli vuoti sono gli altri riferimenti: {benchmarks}.",
                                 "en": "Hollow symbols are the other benchmarks: {benchmarks}."},
    "glance_legend_same_area": {"it": "Nomi uniti da «/» hanno lo stesso valore (di solito sono la stessa area: "
                                      "gli stessi comuni): un solo simbolo. Simboli quasi sovrapposti sono spostati "
                                      "in alto e in basso.",
                                "en": "Names joined by “/” have the same value (usually the same area: the same "
                                      "municipalities): one symbol. Symbols that would overlap are moved up and "
                                      "down."},
    "glance_legend_dodged": {"it": "Simboli quasi sovrapposti sono spostati in alto e in basso.",
                             "en": "Symbols that would overlap are moved up and down."},
    # the colours of the territory's marker, only those the chart shows
    "glance_legend_region_self": {"it": "Il punto bianco è la Lombardia stessa: non si confronta con sé.",
                                  "en": "The white marker is Lombardy itself: it is not compared with itself."},
    "glance_legend_colours": {
        "it": "Il punto di {name} ha il colore del confronto con la Lombardia (intervallo di confidenza al 95%): "
              "{colours}.",
        "en": "{name}'s marker is coloured by its comparison with Lombardy (95% confidence interval): {colours}."},
    "glance_colour_better": {"it": "blu significativamente migliore", "en": "blue significantly better"},
    "glance_colour_worse": {"it": "arancione significativamente peggiore", "en": "orange significantly worse"},
    "glance_colour_similar": {"it": "grigio simile", "en": "grey similar"},
    "glance_colour_different": {"it": "viola significativamente più alto o più basso, dove nessun verso è migliore",
                                "en": "purple significantly higher or lower, where neither direction is better"},
    "glance_colour_not_compared": {
        "it": "bianco non confrontato (dato poco affidabile, nessun intervallo o nessun dato della Lombardia)",
        "en": "white not compared (unreliable value, no interval or no figure for Lombardy)"},
    # the one-sentence summary
    "glance_summary_median": {
        "it": "{name}: sopra la mediana {peers_of} in {above} su {n} indicatori, sotto in {below}.",
        "en": "{name}: above the median {peers_of} in {above} of {n} indicators, below in {below}."},
    "glance_summary_median_equal": {
        "it": "{name}: sopra la mediana {peers_of} in {above} su {n} indicatori, sotto in {below}, pari alla mediana "
              "in {equal}.",
        "en": "{name}: above the median {peers_of} in {above} of {n} indicators, below in {below}, at the median in "
              "{equal}."},
    "glance_summary_no_spread": {"it": "{name}: {n} indicatori principali.", "en": "{name}: {n} headline indicators."},
    "glance_summary_compared": {"it": "Rispetto alla Lombardia: {parts}.", "en": "Compared with Lombardy: {parts}."},
    "glance_summary_better": {"it": "migliore in {n}", "en": "better in {n}"},
    "glance_summary_worse": {"it": "peggiore in {n}", "en": "worse in {n}"},
    "glance_summary_similar": {"it": "simile in {n}", "en": "similar in {n}"},
    "glance_summary_different": {"it": "più alto o più basso (né meglio né peggio) in {n}",
                                 "en": "higher or lower (neither better nor worse) in {n}"},
    "glance_summary_not_compared": {"it": "non confrontato in {n}", "en": "not compared in {n}"},
    # table headers (columns the shared table helpers do not know)
    "glance_col_counts": {"it": "Conteggi", "en": "Counts"},
    "glance_col_peers_n": {"it": "Numero di {peers}", "en": "Number of {peers}"},
    "glance_col_min": {"it": "Minimo ({peers})", "en": "Lowest ({peers})"},
    "glance_col_p25": {"it": "25° percentile ({peers})", "en": "25th percentile ({peers})"},
    "glance_col_p50": {"it": "Mediana ({peers})", "en": "Median ({peers})"},
    "glance_col_p75": {"it": "75° percentile ({peers})", "en": "75th percentile ({peers})"},
    "glance_col_max": {"it": "Massimo ({peers})", "en": "Highest ({peers})"},
    "glance_col_verdict": {"it": "Confronto con la Lombardia", "en": "Compared with Lombardy"},
    "glance_col_trend": {"it": "Tendenza", "en": "Trend"},
}

"""UI strings (it/en) for planners' data: views."""
STRINGS: dict[str, dict[str, str]] = {
    # a gauge against any named benchmark (ui.coverage_gauge with benchmark_name)
    "gauge_benchmark_named": {"it": "▎{name} {value}", "en": "▎{name} {value}"},
    "gauge_words_named": {"it": "{value} {unit}; {name} {benchmark}.", "en": "{value} {unit}; {name} {benchmark}."},
    "gauge_words_alone": {"it": "{value} {unit}.", "en": "{value} {unit}."},
    # every gauge's words say where its scale ends (charts.gauge_top)
    "gauge_scale": {"it": "Scala del quadrante: da 0 a {top}.", "en": "Gauge scale: 0 to {top}."},

    # /panoramica: coverage of need from planners' data
    "local_coverage_title": {"it": "Copertura del bisogno: dati dell'Ufficio di Piano",
                             "en": "Coverage of need: data of the Ufficio di Piano"},
    "local_coverage_intro": {
        "it": "Utenti e posti dei servizi ogni 100 residenti della popolazione a cui il servizio si rivolge (o ogni "
              "10.000 residenti), dai dati caricati dall'Ufficio di Piano. Non sono statistiche ufficiali e sono "
              "tenuti separati dagli indicatori ufficiali.",
        "en": "Users and places of services per 100 residents of the population each service is for (or per "
              "10,000 residents), from the data loaded by the Ufficio di Piano. They are not official statistics "
              "and are kept apart from the official indicators."},
    "local_counts": {"it": "{numerator} {numerator_label} su {denominator} {denominator_label}",
                     "en": "{numerator} {numerator_label} out of {denominator} {denominator_label}"},
    "local_rank": {"it": "{rank} di {n} ambiti che hanno caricato questo dato per il {year} (1° = copertura più alta)",
                   "en": "{rank} of {n} social districts that loaded this figure for {year} (1st = highest coverage)"},
    "local_rank_alone": {"it": "Unico ambito che ha caricato questo dato per il {year}: nessuna graduatoria.",
                         "en": "The only social district that loaded this figure for {year}: no ranking."},
    "local_no_benchmark": {"it": "Nessun confronto: il dato esiste solo dove un Ufficio di Piano lo ha caricato.",
                           "en": "No comparison: the figure exists only where an Ufficio di Piano loaded it."},
    "local_not_official": {"it": "dato locale, non statistica ufficiale",
                           "en": "local data, not an official statistic"},
    # why a local figure is provisional: the planners' numbers are not, ISTAT's residents it divides by are
    "local_provisional_target": {"it": "denominatore: residenti ISTAT provvisori",
                                 "en": "denominator: provisional ISTAT residents"},
    # the rule for an ambito's figures (cruscotto/local/sql/derive.sql), told to planners under the gauges
    "local_coverage_rule": {
        "it": "Per un ambito, la copertura somma gli utenti dei comuni che hanno caricato il servizio e li divide "
              "per i residenti di quei comuni: c'è solo se quei comuni sono almeno il 90% dei comuni dell'ambito "
              "(e lo dice), oppure se l'ambito ha caricato una riga con il proprio codice per un servizio gestito "
              "in forma associata, che vale per tutto l'ambito. Un comune senza il servizio va indicato con 0 "
              "utenti: un comune senza riga è un dato mancante, non uno zero.",
        "en": "For a social district, coverage adds up the users of the municipalities that loaded the service "
              "and divides them by the residents of those municipalities: it is shown only if they are at least "
              "90% of the district's municipalities (and says how many), or if the district loaded a row with its "
              "own code for a service it runs jointly, which counts for the whole district. A municipality "
              "without the service should be entered with 0 users: a municipality with no row is missing, not "
              "zero."},
    "local_coverage_missing": {"it": "Nessuna copertura d'ambito per: {items}.",
                               "en": "No coverage for the social district: {items}."},
    "local_gap_item": {"it": "{name}, {year} (comuni con dati: {have} su {total})",
                       "en": "{name}, {year} (municipalities with figures: {have} of {total})"},

    # /spesa: spending by area and by service
    "local_area_title": {"it": "Spesa per area (dati dell'Ufficio di Piano)",
                         "en": "Spending by area (data of the Ufficio di Piano)"},
    "local_area_chart": {"it": "Quota della spesa per area, {year}", "en": "Share of spending by area, {year}"},
    "local_area_trend": {"it": "Quota della spesa per area negli anni caricati",
                         "en": "Share of spending by area over the years loaded"},
    "local_axis_area": {"it": "Area", "en": "Area"},
    "local_col_area": {"it": "Area", "en": "Area"},
    "local_col_year": {"it": "Anno", "en": "Year"},
    "local_col_spending": {"it": "Spesa dei comuni (€)", "en": "Municipal spending (€)"},
    "local_col_share": {"it": "Quota sul totale (%)", "en": "Share of total (%)"},
    "local_col_per_resident": {"it": "€ per residente", "en": "€ per resident"},
    "local_col_per_target": {"it": "€ per residente del target", "en": "€ per resident of the target group"},
    "local_col_target": {"it": "Target", "en": "Target group"},
    "local_col_associated": {"it": "Spesa gestita in forma associata (€)", "en": "Spending managed jointly (€)"},
    "local_area_totals": {
        "it": "Totale delle aree caricate nel {year}: {total} € · {per_resident} € per residente · gestita in forma "
              "associata: {associated}",
        "en": "Total of the areas loaded in {year}: €{total} · €{per_resident} per resident · managed jointly: "
              "{associated}"},
    "local_associated_over": {"it": "{share}% (su {have} delle {total} aree)",
                              "en": "{share}% (over {have} of the {total} areas)"},
    "local_area_missing": {
        "it": "Fuori dai totali dell'ambito (un'area entra nei totali solo se i dati coprono tutti i comuni "
              "dell'ambito, o se l'ambito l'ha caricata con il proprio codice): {items}.",
        "en": "Left out of the social district's totals (an area counts only if the figures cover all the "
              "district's municipalities, or if the district loaded it with its own code): {items}."},
    "local_service_title": {"it": "Spesa dei comuni e degli utenti per servizio (dati dell'Ufficio di Piano)",
                            "en": "Spending of municipalities and users by service (data of the Ufficio di Piano)"},
    "local_service_intro": {
        "it": "Come nell'indagine ISTAT sugli interventi e servizi sociali dei comuni, la spesa dei comuni è al netto "
              "della compartecipazione pagata dagli utenti: il costo del servizio è la somma delle due, e "
              "l'incidenza della compartecipazione è la sua quota su quel costo. Un valore mancante resta vuoto, "
              "mai zero.",
        "en": "As in ISTAT's survey of municipal social services, municipal spending is net of the co-payment paid "
              "by users: the cost of the service is the sum of the two, and the co-payment's incidence is its "
              "share of that cost. A missing value stays blank, never zero."},
    "local_col_service": {"it": "Servizio", "en": "Service"},
    "local_col_users": {"it": "Utenti", "en": "Users"},
    "local_col_places": {"it": "Posti", "en": "Places"},
    "local_service_missing": {
        "it": "Utenti, posti e spesa dell'ambito ci sono solo se i dati coprono tutti i comuni dell'ambito (o se "
              "l'ambito ha caricato il servizio con il proprio codice); mancano per: {items}.",
        "en": "The social district's users, places and spending are shown only if the figures cover all its "
              "municipalities (or if the district loaded the service with its own code); missing for: {items}."},
    "local_col_copayment": {"it": "Compartecipazione (€)", "en": "Co-payment (€)"},
    "local_col_spend_per_user": {"it": "Spesa dei comuni per utente (€)", "en": "Municipal spending per user (€)"},
    "local_col_copay_per_user": {"it": "Compartecipazione per utente (€)", "en": "Co-payment per user (€)"},
    "local_col_copay_share": {"it": "Incidenza della compartecipazione sul costo (%)",
                              "en": "Co-payment as a share of the cost (%)"},
    "local_col_note": {"it": "Note", "en": "Notes"},
    "local_service_total": {"it": "Totale ({n} servizi con utenti, spesa e compartecipazione)",
                            "en": "Total ({n} services with users, spending and co-payment)"},
    "local_year_shown": {"it": "Anno {year}; gli altri anni caricati sono nel file CSV.",
                         "en": "Year {year}; the other years loaded are in the CSV file."},
}

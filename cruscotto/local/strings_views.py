"""UI strings (it/en) for planners' data: views."""
STRINGS: dict[str, dict[str, str]] = {
    # a gauge against any named benchmark (ui.coverage_gauge with benchmark_name)
    "gauge_benchmark_named": {"it": "▎{name} {value}", "en": "▎{name} {value}"},
    "gauge_words_named": {"it": "{value} {unit}; {name} {benchmark}.", "en": "{value} {unit}; {name} {benchmark}."},
    "gauge_words_alone": {"it": "{value} {unit}.", "en": "{value} {unit}."},

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
    "local_provisional_target": {"it": "residenti ISTAT provvisori", "en": "provisional ISTAT residents"},

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
    "local_area_totals": {
        "it": "Totale delle aree caricate nel {year}: {total} € · {per_resident} € per residente · gestita in forma "
              "associata: {associated}",
        "en": "Total of the areas loaded in {year}: €{total} · €{per_resident} per resident · managed jointly: "
              "{associated}"},
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

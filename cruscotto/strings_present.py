"""UI strings of the present feature (issue 12), merged into cruscotto.i18n.STRINGS; keys must not clash."""

STRINGS: dict[str, dict[str, str]] = {
    "present_start": {"it": "Presenta", "en": "Present"},
    "present_start_help": {"it": "Modalità presentazione: una diapositiva per tema, caratteri grandi, senza barra "
                                 "laterale. Frecce ← → (o PagSu/PagGiù) per cambiare diapositiva, Esc per uscire.",
                           "en": "Presentation mode: one slide per topic, large type, no sidebar. Arrow keys ← → "
                                 "(or PageUp/PageDown) change slide, Esc leaves."},
    "present_previous": {"it": "Precedente", "en": "Previous"},
    "present_next": {"it": "Successiva", "en": "Next"},
    "present_exit": {"it": "Esci", "en": "Exit"},
    "present_slide_clamped": {"it": "La diapositiva {asked} non esiste: questa presentazione ne ha {total}.",
                              "en": "There is no slide {asked}: this presentation has {total}."},
    "present_data_date": {"it": "Dati aggiornati al {date}", "en": "Data as of {date}"},
    "present_figures_years": {"it": "cifre del {years}", "en": "figures of {years}"},
    "present_keys_hint": {"it": "← → o PagSu/PagGiù: diapositiva precedente e successiva · Esc: esci",
                          "en": "← → or PageUp/PageDown: previous and next slide · Esc: exit"},
    "present_glance_title": {"it": "Il territorio in sintesi", "en": "The area at a glance"},
    "present_part": {"it": "{title} ({part} di {parts})", "en": "{title} ({part} of {parts})"},
    "present_similar_title": {"it": "I comuni più simili a {name}", "en": "The municipalities most similar to {name}"},
    "present_similar_none": {"it": "Nessun comune simile calcolato per {name}.",
                             "en": "No similar municipalities computed for {name}."},
    "present_sources_title": {"it": "Fonti", "en": "Sources"},
    "present_source_line": {"it": "{name} ({publisher}) — licenza {licence} — anni {years}",
                            "en": "{name} ({publisher}) — licence {licence} — years {years}"},
    "present_missing_topics": {"it": "Temi senza dati per questo territorio: {topics}.",
                               "en": "Topics without data for this area: {topics}."},
    "present_footer_source": {"it": "Fonte: {names}", "en": "Source: {names}"},
    "present_footer_sources": {"it": "Fonti: {names}", "en": "Sources: {names}"},
    "present_no_slides": {"it": "Nessun dato da presentare per questo territorio.",
                          "en": "No data to present for this area."},
    "present_contents": {"it": "In {total} diapositive: {topics}.", "en": "In {total} slides: {topics}."},
    # the at-a-glance slide's legend in words (cruscotto/presentation.py legend_words)
    "present_legend_light": {"it": "{name} (barra chiara)", "en": "{name} (light bar)"},
    "present_legend_dark": {"it": "{name} (barra scura)", "en": "{name} (dark bar)"},
    "present_legend_median": {"it": "{name} (trattino verticale)", "en": "{name} (vertical tick)"},
    "present_legend_region": {"it": "{name} (linea nera)", "en": "{name} (black line)"},
}

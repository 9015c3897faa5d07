"""UI strings of the charts feature (issue 12), merged into cruscotto.i18n.STRINGS; keys must not clash."""

STRINGS: dict[str, dict[str, str]] = {
    # the two image downloads under every chart (cruscotto/chart_export.py)
    "charts_download_png": {"it": "Scarica PNG", "en": "Download PNG"},
    "charts_download_svg": {"it": "Scarica SVG", "en": "Download SVG"},
    "charts_download_help": {
        "it": "Il grafico come immagine {format}, con titolo, fonte e anno, per una presentazione o un verbale.",
        "en": "The chart as a {format} image, with its title, source and year, for slides or minutes."},
    "charts_no_browser": {
        "it": "Immagine non disponibile: sul server manca Chromium, che la disegna. Si può usare l'icona della "
              "fotocamera sopra il grafico.",
        "en": "Image not available: the server lacks Chromium, which draws it. The camera icon above the chart "
              "still saves a PNG."},
}

# one-sentence summaries of charts and gauges (cruscotto/chart_summaries.py); data words fill the {…}
STRINGS.update({
    "charts_value_in_year": {"it": "{name} — {label}: {value} nel {year}", "en": "{name} — {label}: {value} in {year}"},
    "charts_change_since": {"it": "{change} dal {year} ({value})", "en": "{change} since {year} ({value})"},
    "charts_unchanged_since": {"it": "invariato dal {year} ({value})", "en": "unchanged since {year} ({value})"},
    "charts_points": {"it": "{value} punti", "en": "{value} points"},
    "charts_above": {"it": "{difference} sopra {benchmark} ({value})", "en": "{difference} above {benchmark} ({value})"},
    "charts_below": {"it": "{difference} sotto {benchmark} ({value})", "en": "{difference} below {benchmark} ({value})"},
    "charts_level_with": {"it": "come {benchmark} ({value})", "en": "level with {benchmark} ({value})"},
    "charts_the_region": {"it": "la Lombardia", "en": "Lombardy"},
    "charts_the_named": {"it": "il dato di {name}", "en": "{name}"},
    "charts_no_figure": {"it": "{name}: nessun dato per {label}.", "en": "{name}: no figure for {label}."},
    "charts_pyramid": {
        "it": "{name}: {total} residenti nel {year}, {share} con 65 anni e più; la fascia d'età più numerosa è "
              "{band} anni ({count}).",
        "en": "{name}: {total} residents in {year}, {share} aged 65 and over; the largest age band is {band} "
              "({count})."},
    "charts_item": {"it": "{name} {value} ({year})", "en": "{name} {value} ({year})"},
    "charts_highest_lowest": {"it": "{label}: il valore più alto è di {highest}, il più basso di {lowest}.",
                              "en": "{label}: highest {highest}, lowest {lowest}."},
    "charts_none_compared": {"it": "{label}: nessun dato per i territori scelti.",
                             "en": "{label}: no figure for the territories chosen."},
    "charts_no_figure_for": {"it": "Nessun dato per {names}.", "en": "No figure for {names}."},
    "charts_spread": {"it": "{label}, {year}: {n} comuni di {group}, da {low} ({low_name}) a {high} ({high_name})",
                      "en": "{label}, {year}: {n} municipalities of {group}, from {low} ({low_name}) to {high} "
                            "({high_name})"},
    "charts_own_value": {"it": "{name} {value}", "en": "{name} {value}"},
    "charts_need": {"it": "{label} {year}: {value}.", "en": "{label} {year}: {value}."},
    "charts_split_total": {"it": "{title}: totale {total}; la voce maggiore è {item} ({share}, {value}).",
                           "en": "{title}: total {total}; the largest item is {item} ({share}, {value})."},
    "charts_split_amount": {"it": "{title}: la voce maggiore è {item} ({share}, {value}).",
                            "en": "{title}: the largest item is {item} ({share}, {value})."},
    "charts_split": {"it": "{title}: la voce maggiore è {item} ({share}).",
                     "en": "{title}: the largest item is {item} ({share})."},
    "charts_largest_share": {"it": "{title}: nel {year} la quota maggiore è {item} ({share})",
                             "en": "{title}: in {year} the largest share is {item} ({share})"},
})

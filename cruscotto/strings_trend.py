"""UI strings of the trend feature (issue 12), merged into cruscotto.i18n.STRINGS; keys must not clash."""

STRINGS: dict[str, dict[str, str]] = {
    "trend_up": {"it": "in aumento {first}–{last}", "en": "rising {first}–{last}"},
    "trend_stable": {"it": "stabile {first}–{last}", "en": "stable {first}–{last}"},
    "trend_down": {"it": "in calo {first}–{last}", "en": "falling {first}–{last}"},
    "trend_line": {"it": "Tendenza: {arrow} {words}", "en": "Trend: {arrow} {words}"},
    "trend_method": {
        "it": "Tendenza: gli ultimi valori annuali, da {minimum} a {window}, con la stessa fonte e copertura "
              "(con meno di {minimum} nessuna freccia). In aumento o in calo se il test è significativo al 5% "
              "(χ² di tendenza lineare tra proporzioni, Cochran–Armitage, dove numeratori e denominatori sono "
              "noti; altrimenti pendenza dei minimi quadrati con test t), altrimenti stabile.",
        "en": "Trend: the latest yearly values, {minimum} to {window}, with the same source and coverage "
              "(no arrow with fewer than {minimum}). Rising or falling when the test is significant at 5% "
              "(chi-squared test for linear trend in proportions, Cochran–Armitage, where numerators and "
              "denominators are known; otherwise the least-squares slope with a t-test), otherwise stable."},
    "trend_none": {"it": "Tendenza: nessuna freccia (meno di {minimum} anni recenti con la stessa fonte e copertura).",
                   "en": "Trend: no arrow (fewer than {minimum} recent years with the same source and coverage)."},
}

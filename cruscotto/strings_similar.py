"""UI strings of the similar feature (issue 12), merged into cruscotto.i18n.STRINGS; keys must not clash."""

STRINGS: dict[str, dict[str, str]] = {
    "similar_group_name": {"it": "{n} comuni simili", "en": "{n} similar municipalities"},
    "similar_title": {"it": "Comuni simili", "en": "Similar municipalities"},
    "similar_intro": {
        "it": "I {n} comuni della Lombardia più vicini a {name} per popolazione, età, cittadinanza, reddito e "
              "densità, dal più simile; tra parentesi la distanza, 0 per due comuni identici. Nelle schede qui sopra il gruppo "
              "è un termine di confronto: la somma dei numeratori sulla somma dei denominatori dei {n} comuni.",
        "en": "The {n} municipalities of Lombardy closest to {name} in population, age, citizenship, income and "
              "density, most similar first; in brackets the distance, 0 for two identical municipalities. On the cards "
              "above the group is one more benchmark: the sum of the numerators over the sum of the "
              "denominators of the {n} municipalities."},
    "similar_link": {"it": "{rank}. {name} ({distance})", "en": "{rank}. {name} ({distance})"},
    "similar_how": {"it": "Come sono scelti", "en": "How they are chosen"},
    "similar_method": {
        "it": "Per ogni comune si cercano i {n} comuni della Lombardia più vicini su queste caratteristiche "
              "(anno usato e peso tra parentesi): {features}. Per ciascuna si usa l'anno più recente in cui "
              "almeno il {coverage} dei comuni ha il dato; ogni caratteristica è standardizzata sui comuni della Lombardia "
              "(media 0, deviazione standard 1) e la distanza è quella euclidea pesata. A parità di distanza "
              "vale l'ordine del codice ISTAT, perciò il risultato è sempre lo stesso. Un comune a cui manca "
              "una caratteristica non ha comuni simili e non è simile a nessuno: nessun dato è stimato. "
              "Versione del metodo: {version}.",
        "en": "For each municipality the {n} municipalities of Lombardy closest on these features are sought "
              "(year used and weight in brackets): {features}. Each feature uses the latest year in which "
              "at least {coverage} of the municipalities have a figure; each is standardised over the municipalities of Lombardy "
              "(mean 0, standard deviation 1) and the distance is the weighted Euclidean one. Equal distances "
              "are ordered by ISTAT code, so the result never changes. A municipality missing a feature has "
              "no similar municipalities and is nobody's: no figure is estimated. Method version: {version}."},
    "similar_feature_in_method": {"it": "{label} ({year}, peso {weight})", "en": "{label} ({year}, weight {weight})"},
    "similar_feature_in_method_lacking": {
        "it": "{label} ({year}, peso {weight}; manca per {lacking} comuni, che restano senza comuni simili)",
        "en": "{label} ({year}, weight {weight}; missing for {lacking} municipalities, left without similar "
              "municipalities)"},
    "similar_feature_in_method_lacking_one": {
        "it": "{label} ({year}, peso {weight}; manca per 1 comune, che resta senza comuni simili)",
        "en": "{label} ({year}, weight {weight}; missing for 1 municipality, left without similar municipalities)"},
    "similar_method_unavailable": {
        "it": "Il database non contiene ancora i comuni simili: va ricostruito (python -m cruscotto build).",
        "en": "The database does not hold the similar municipalities yet: rebuild it (python -m cruscotto build)."},
    "similar_missing_features": {
        "it": "{name} non ha tutti i dati su cui si scelgono i comuni simili (manca: {missing}): nessun comune "
              "simile, per non stimare il dato mancante.",
        "en": "{name} lacks some of the figures similar municipalities are chosen on (missing: {missing}): no "
              "similar municipalities, so as not to estimate the missing figure."},
    "similar_only_comuni": {"it": "I comuni simili sono calcolati per i comuni.",
                            "en": "Similar municipalities are computed for municipalities."},
    "similar_col_feature": {"it": "Caratteristica", "en": "Feature"},
    "similar_col_description": {"it": "Definizione", "en": "Definition"},
    "similar_col_weight": {"it": "Peso", "en": "Weight"},
    "similar_col_year": {"it": "Anno", "en": "Year"},
    "similar_col_value": {"it": "Valore di {name}", "en": "{name}'s value"},
    "similar_col_z": {"it": "Scarto standardizzato", "en": "Standardised score"},
    "similar_col_source": {"it": "Fonte", "en": "Source"},
    "similar_density_unit": {"it": "residenti per km²", "en": "residents per km²"},
    "similar_value_missing": {"it": "dato mancante", "en": "no figure"},
    "similar_col_rank": {"it": "N.", "en": "No."},
    "similar_col_code": {"it": "Codice", "en": "Code"},
    "similar_col_name": {"it": "Comune", "en": "Municipality"},
    "similar_col_distance": {"it": "Distanza", "en": "Distance"},
    # /confronta
    "similar_compare_button": {"it": "Confronta con i comuni simili", "en": "Compare with similar municipalities"},
    "similar_compare_help": {
        "it": "Mette a confronto {name} con i suoi {shown} comuni più simili (il confronto ne accoglie al massimo "
              "{limit}) e mostra sotto il valore dell'intero gruppo dei {n} comuni simili.",
        "en": "Compares {name} with its {shown} most similar municipalities (a comparison holds at most "
              "{limit}) and shows below the figure of the whole group of {n} similar municipalities."},
    "similar_compare_title": {"it": "{name} e i suoi {n} comuni simili", "en": "{name} and its {n} similar municipalities"},
    "similar_compare_group_line": {
        "it": "{group}: {value} ({year}), somma dei numeratori sulla somma dei denominatori dei comuni simili.",
        "en": "{group}: {value} ({year}), the sum of the numerators over the sum of the denominators of the "
              "similar municipalities."},
    "similar_compare_no_group": {
        "it": "Per questo indicatore il gruppo dei comuni simili non ha un valore: è calcolato solo per i tassi "
              "di cui i comuni pubblicano numeratore e denominatore.",
        "en": "This indicator has no figure for the group of similar municipalities: it is computed only for "
              "rates whose numerator and denominator the municipalities publish."},
    # /mappa
    "similar_map_caption": {"it": "Contorno rosa: i {n} comuni simili a {name} ({names}).",
                            "en": "Pink outline: the {n} municipalities similar to {name} ({names})."},
    "similar_map_outside": {"it": "Alcuni possono essere fuori da questa vista: «Inquadra i comuni simili» li "
                                  "mostra tutti.",
                            "en": "Some may lie outside this view: “Frame the similar municipalities” shows them all."},
    "similar_map_link": {"it": "Vedi i comuni simili sulla mappa", "en": "See the similar municipalities on the map"},
    "similar_map_frame": {"it": "Inquadra i comuni simili", "en": "Frame the similar municipalities"},
    "similar_map_frame_help": {"it": "Adatta la mappa a {name} e ai suoi {n} comuni simili, spesso in altre "
                                     "province.",
                               "en": "Fits the map to {name} and its {n} similar municipalities, often in other "
                                     "provinces."},
    # python -m cruscotto simili
    "similar_cli_unknown": {"it": "Codice sconosciuto: {code}. I comuni hanno un codice ISTAT di 6 cifre (Lodi: 098031).",
                            "en": "Unknown code: {code}. Municipalities have a 6-digit ISTAT code (Lodi: 098031)."},
    "similar_cli_not_comune": {"it": "{name} ({code}, {level}) non è un comune: i comuni simili sono calcolati solo per i comuni.",
                               "en": "{name} ({code}, {level}) is not a municipality: similar municipalities are "
                                     "computed for municipalities only."},
    "similar_cli_no_database": {"it": "Nessun database in {path}. Eseguire prima `python -m cruscotto build`.",
                                "en": "No database at {path}. Run `python -m cruscotto build` first."},
    "similar_cli_heading": {"it": "{name} ({code}): {n} comuni simili, metodo {version}",
                            "en": "{name} ({code}): {n} similar municipalities, method {version}"},
    "similar_cli_features": {"it": "Caratteristiche di {name}", "en": "Features of {name}"},
}

"""UI strings (it/en) for planners' data: upload."""
STRINGS: dict[str, dict[str, str]] = {
    # -- files refused before any check (read.py: UploadRefused.code is one of these keys) --------------------
    "upload_refused_too_large": {
        "it": "Il file pesa {size_mb} MB: il limite è {max_mb} MB. Dividere i dati in più file o salvarli in CSV.",
        "en": "The file is {size_mb} MB: the limit is {max_mb} MB. Split the data into several files or save "
              "them as CSV."},
    "upload_refused_extension": {
        "it": "Formato «{extension}» non accettato: caricare un file .csv o .xlsx (in Excel: File › Salva con "
              "nome › Cartella di lavoro di Excel (.xlsx) oppure CSV UTF-8).",
        "en": "Format \"{extension}\" is not accepted: upload a .csv or .xlsx file (in Excel: File › Save as › "
              "Excel Workbook (.xlsx) or CSV UTF-8)."},
    "upload_refused_zip_bomb": {
        "it": "Il file Excel, una volta decompresso, sarebbe troppo grande ({size_mb} MB, rapporto di "
              "compressione {ratio}:1): non viene aperto. Salvarlo di nuovo da Excel o caricarlo in CSV.",
        "en": "Once decompressed, the Excel file would be too large ({size_mb} MB, compression ratio "
              "{ratio}:1): it is not opened. Save it again from Excel or upload it as CSV."},
    "upload_refused_too_many_entries": {
        "it": "Il file Excel contiene {entries} parti interne (il massimo è {max_entries}): non viene aperto.",
        "en": "The Excel file holds {entries} internal parts (at most {max_entries}): it is not opened."},
    "upload_refused_too_many_rows": {
        "it": "Il foglio `{sheet}` ha più di {max_rows} righe: dividere i dati in più file.",
        "en": "Sheet `{sheet}` has more than {max_rows} rows: split the data into several files."},
    "upload_refused_unreadable": {
        "it": "Il file non si riesce a leggere come {kind} (dettaglio tecnico: `{reason}`). Aprirlo in Excel e "
              "salvarlo di nuovo.",
        "en": "The file cannot be read as {kind} (technical detail: `{reason}`). Open it in Excel and save it "
              "again."},
    "upload_refused_no_table": {
        "it": "Nel file non c'è nessuna delle tabelle del modello (`ambiti`, `servizi`, `spesa_aree`): la riga di "
              "intestazione deve contenere i nomi delle colonne del modello, entro le prime 10 righe.",
        "en": "The file holds none of the template's tables (`ambiti`, `servizi`, `spesa_aree`): the header row "
              "must hold the template's column names, within the first 10 rows."},
    "upload_refused_duplicate_table": {
        "it": "La tabella `{table}` è presente due volte (fogli `{sheets}`): lasciarne una sola.",
        "en": "Table `{table}` appears twice (sheets `{sheets}`): keep only one."},

    # -- rules: short name (report column "regola") and message -------------------------------------------------
    "upload_rule_missing_column": {"it": "colonna mancante", "en": "missing column"},
    "upload_msg_missing_column": {
        "it": "Manca la colonna `{column}`. Le intestazioni del foglio devono essere: {expected}.",
        "en": "Column `{column}` is missing. The sheet's headers must be: {expected}."},
    "upload_rule_empty_required": {"it": "cella obbligatoria vuota", "en": "required cell empty"},
    "upload_msg_empty_required": {
        "it": "La colonna `{column}` è obbligatoria: la cella è vuota.",
        "en": "Column `{column}` is required: the cell is empty."},
    "upload_rule_not_numeric": {"it": "non è un numero", "en": "not a number"},
    "upload_msg_not_numeric": {
        "it": "«{value}» non è un numero. Scrivere ad esempio `1234,5` oppure `1.234,5` (il punto separa le "
              "migliaia, la virgola i decimali; `€` e spazi sono ammessi).",
        "en": "\"{value}\" is not a number. Write for example `1234,5` or `1.234,5` (a point separates thousands, "
              "a comma decimals; `€` and spaces are allowed)."},
    "upload_msg_not_numeric_formula": {
        "it": "«{value}» è una formula: il cruscotto non calcola le formule. Copiare la cella e incollarla come "
              "valore (Incolla speciale › Valori).",
        "en": "\"{value}\" is a formula: the dashboard does not calculate formulas. Copy the cell and paste it as "
              "a value (Paste special › Values)."},
    "upload_rule_negative": {"it": "valore negativo", "en": "negative value"},
    "upload_msg_negative": {
        "it": "«{value}» è negativo: `{column}` non può essere minore di zero.",
        "en": "\"{value}\" is negative: `{column}` cannot be below zero."},
    "upload_rule_not_integer": {"it": "non è un numero intero", "en": "not a whole number"},
    "upload_msg_not_integer": {
        "it": "«{value}» non è un numero intero: `{column}` conta persone, posti o anni.",
        "en": "\"{value}\" is not a whole number: `{column}` counts people, places or years."},
    "upload_rule_unknown_comune": {"it": "comune sconosciuto", "en": "unknown municipality"},
    "upload_msg_unknown_comune": {
        "it": "`{value}` non è il codice ISTAT di un comune lombardo in vigore (6 cifre, es. `019036` per "
              "Cremona).",
        "en": "`{value}` is not the ISTAT code of a current municipality of Lombardy (6 digits, e.g. `019036` for "
              "Cremona)."},
    "upload_rule_merged_comune": {"it": "comune soppresso", "en": "municipality merged"},
    "upload_msg_merged_comune": {
        "it": "Il codice `{value}` è di un comune soppresso (fusione): la riga è attribuita al comune che lo ha "
              "assorbito, `{new_code}` {new_name}.",
        "en": "Code `{value}` belongs to a municipality that no longer exists (merger): the row is assigned to the "
              "municipality that absorbed it, `{new_code}` {new_name}."},
    "upload_rule_outside_ambito": {"it": "fuori dall'ambito", "en": "outside the social district"},
    "upload_msg_outside_ambito": {
        "it": "`{value}` ({name}) non è tra i comuni dell'ambito {ambito_name} ({members} comuni, secondo "
              "{membership_source}): indicare un comune dell'ambito o il codice dell'ambito stesso, `{ambito}`.",
        "en": "`{value}` ({name}) is not one of the municipalities of the social district {ambito_name} "
              "({members} municipalities, according to {membership_source}): give one of its municipalities or the "
              "social district's own code, `{ambito}`."},
    "upload_msg_outside_ambito_official": {
        "it": "Secondo gli atti pubblici `{value}` ({name}) fa parte dell'ambito {official_name}: qui si possono "
              "indicare solo i comuni dell'ambito {ambito_name} o il codice dell'ambito stesso, `{ambito}`.",
        "en": "According to public acts, `{value}` ({name}) belongs to the social district {official_name}: "
              "only the municipalities of {ambito_name} or its own code, `{ambito}`, may be given here."},
    "upload_msg_outside_ambito_other_ambito": {
        "it": "`{value}` è il codice di un altro ambito: indicare un comune dell'ambito {ambito_name} o il codice "
              "dell'ambito stesso, `{ambito}`.",
        "en": "`{value}` is the code of another social district: give a municipality of {ambito_name} or its "
              "own code, `{ambito}`."},
    "upload_membership_upload": {"it": "il foglio `ambiti` di questo file", "en": "this file's `ambiti` sheet"},
    "upload_membership_local": {"it": "la composizione già caricata", "en": "the membership already loaded"},
    "upload_membership_official": {"it": "gli atti pubblici", "en": "public acts"},
    "upload_rule_no_membership": {"it": "composizione dell'ambito mancante",
                                  "en": "membership of the social district missing"},
    "upload_msg_no_membership": {
        "it": "Carica prima la composizione dell'ambito (foglio `ambiti`): per {ambito_name} non si sa ancora "
              "quali comuni ne fanno parte, quindi le righe con il codice di un comune ({count}: righe {rows}) non "
              "si possono salvare. Aggiungere il foglio `ambiti` a questo file, oppure caricarlo prima; le righe "
              "con il codice dell'ambito stesso (`{ambito}`) vanno bene anche senza. Tutti gli altri controlli "
              "sono stati fatti.",
        "en": "Load the membership of the social district first (sheet `ambiti`): which municipalities make up "
              "{ambito_name} is not known yet, so the rows with a municipality's code ({count}: rows {rows}) "
              "cannot be saved. Add the `ambiti` sheet to this file, or load it first; rows with the social "
              "district's own code (`{ambito}`) are fine without it. Every other check was made."},
    "upload_rule_claimed_twice": {"it": "comune in due ambiti", "en": "municipality in two social districts"},
    "upload_msg_claimed_twice": {
        "it": "Il comune `{value}` è già stato caricato come parte dell'ambito `{other}`: un comune appartiene a "
              "un solo ambito. Chiarire con l'altro Ufficio di Piano o con l'amministratore.",
        "en": "Municipality `{value}` has already been loaded as part of the social district `{other}`: a "
              "municipality belongs to one social district only. Settle it with the other Ufficio di Piano or the "
              "administrator."},
    "upload_msg_claimed_twice_file": {
        "it": "Il comune `{value}` è anche alla riga {other_row} con un altro ambito (`{other}`).",
        "en": "Municipality `{value}` also appears on row {other_row} with another social district "
              "(`{other}`)."},
    "upload_rule_official_conflict": {"it": "in un altro ambito per gli atti pubblici",
                                      "en": "in another social district by public acts"},
    "upload_msg_official_conflict": {
        "it": "Secondo gli atti pubblici il comune `{value}` ({name}) fa parte dell'ambito {official_name}: non "
              "può far parte di questo ambito (`{ambito}`). Toglierlo dal foglio; se gli atti sono cambiati, "
              "scrivere all'amministratore del cruscotto.",
        "en": "According to public acts, municipality `{value}` ({name}) belongs to the social district "
              "{official_name}: it cannot be part of this one (`{ambito}`). Remove it from the sheet; if the "
              "acts have changed, write to the dashboard's administrator."},
    "upload_rule_other_province": {"it": "comune di un'altra provincia", "en": "municipality in another province"},
    "upload_msg_other_province": {
        "it": "Il comune `{value}` ({name}) non è nella stessa provincia della maggior parte dell'ambito: è in "
              "«{province_name}», mentre {majority_count} comuni su {members} sono in «{majority_name}». "
              "Controllare che il codice sia giusto.",
        "en": "Municipality `{value}` ({name}) is not in the same province as most of the social district: it is "
              "in \"{province_name}\", while {majority_count} of the {members} municipalities are in "
              "\"{majority_name}\". Check that the code is right."},
    "upload_rule_ambito_mismatch": {"it": "ambito diverso", "en": "another social district"},
    "upload_msg_ambito_mismatch": {
        "it": "La riga indica l'ambito `{value}`, ma il caricamento è per l'ambito `{ambito}`.",
        "en": "The row names the social district `{value}`, but this upload is for the social district "
              "`{ambito}`."},
    "upload_rule_above_target": {"it": "utenti oltre la popolazione", "en": "users above population"},
    "upload_msg_above_target": {
        "it": "Gli utenti ({value}) superano i residenti del territorio a cui il servizio si rivolge "
              "({target_label}: {count} nel {target_year}).",
        "en": "Users ({value}) exceed the territory's residents the service is for ({target_label}: {count} in "
              "{target_year})."},
    "upload_rule_duplicate_row": {"it": "riga ripetuta", "en": "repeated row"},
    "upload_msg_duplicate_row": {
        "it": "Riga ripetuta: {key} è già alla riga {first_row}.",
        "en": "Repeated row: {key} already appears on row {first_row}."},
    "upload_rule_year_out_of_range": {"it": "anno non ammesso", "en": "year not allowed"},
    "upload_msg_year_out_of_range": {
        "it": "L'anno {value} è fuori dall'intervallo ammesso ({first}–{last}).",
        "en": "Year {value} is outside the allowed range ({first}–{last})."},
    "upload_rule_unknown_service": {"it": "servizio sconosciuto", "en": "unknown service"},
    "upload_msg_unknown_service": {
        "it": "Il servizio «{value}» non è nel catalogo dei servizi. Forse: «{suggestion}» (codice "
              "`{suggestion_code}`)?",
        "en": "Service \"{value}\" is not in the service catalogue. Perhaps \"{suggestion}\" (code "
              "`{suggestion_code}`)?"},
    "upload_msg_unknown_service_choices": {
        "it": "Il servizio «{value}» non è nel catalogo così come è scritto: può indicare più servizi. "
              "Scrivere il codice di quello giusto: {choices}.",
        "en": "Service \"{value}\" is not in the catalogue as written: it may mean several services. Write the "
              "code of the right one: {choices}."},
    "upload_msg_unknown_service_none": {
        "it": "Il servizio «{value}» non è nel catalogo dei servizi: usare un codice o un nome del catalogo "
              "(l'elenco completo è nelle istruzioni qui sotto, sezione «Catalogo dei servizi»).",
        "en": "Service \"{value}\" is not in the service catalogue: use a code or a name from the catalogue (the "
              "full list is in the instructions below, section \"Service catalogue\")."},
    "upload_rule_unknown_area": {"it": "area sconosciuta", "en": "unknown area"},
    "upload_msg_unknown_area": {
        "it": "L'area «{value}» non è un'area dell'indagine ISTAT. Valori ammessi: {allowed}.",
        "en": "Area \"{value}\" is not one of the ISTAT survey's areas. Allowed values: {allowed}."},
    "upload_rule_spending": {"it": "spese incoerenti", "en": "inconsistent spending"},
    "upload_msg_spending": {
        "it": "La spesa gestita in forma associata ({value}) supera la spesa dei comuni per l'area ({spending}), "
              "che la comprende.",
        "en": "Spending managed jointly ({value}) exceeds the municipalities' spending on the area ({spending}), "
              "which includes it."},
    "upload_rule_no_values": {"it": "riga senza valori", "en": "row without figures"},
    "upload_msg_no_values": {
        "it": "La riga non riporta né utenti, né posti, né spesa: non aggiunge dati.",
        "en": "The row gives no users, places or spending: it adds no data."},

    # -- target populations of services (catalogue column target) --------------------------------------------
    "upload_target_age_0_2": {"it": "residenti 0-2 anni", "en": "residents aged 0-2"},
    "upload_target_age_3_5": {"it": "residenti 3-5 anni", "en": "residents aged 3-5"},
    "upload_target_age_0_17": {"it": "residenti 0-17 anni", "en": "residents aged 0-17"},
    "upload_target_age_18_64": {"it": "residenti 18-64 anni", "en": "residents aged 18-64"},
    "upload_target_age_65_plus": {"it": "residenti 65 anni e più", "en": "residents aged 65 and over"},
    "upload_target_age_75_plus": {"it": "residenti 75 anni e più", "en": "residents aged 75 and over"},
    "upload_target_population": {"it": "residenti", "en": "residents"},

    # -- notices (not problems: nothing to fix) ---------------------------------------------------------------
    "upload_notice_ignored_sheet": {
        "it": "Il foglio `{sheet}` non è una tabella del modello ed è stato ignorato.",
        "en": "Sheet `{sheet}` is not one of the template's tables and was ignored."},
    "upload_notice_extra_columns": {
        "it": "Foglio `{sheet}`: colonne non previste, ignorate: {columns}.",
        "en": "Sheet `{sheet}`: unexpected columns, ignored: {columns}."},
    "upload_notice_csv_format": {
        "it": "`{sheet}` letto come testo {encoding}, separatore `{separator}`, intestazione alla riga {header_row}.",
        "en": "`{sheet}` read as {encoding} text, separator `{separator}`, header on row {header_row}."},
    "upload_notice_official_missing": {
        "it": "Comuni che gli atti pubblici assegnano all'ambito ma che il foglio `ambiti` non elenca ({count}): "
              "{codes}.",
        "en": "Municipalities that public acts assign to the social district but the `ambiti` sheet leaves out "
              "({count}): {codes}."},
    "upload_notice_no_targets": {
        "it": "Popolazioni di riferimento non disponibili: il controllo degli utenti rispetto ai residenti non è "
              "stato fatto.",
        "en": "Target populations unavailable: users were not checked against residents."},
    "upload_notice_target_unchecked": {
        "it": "Righe di servizi non confrontate con i residenti ({count}): manca la popolazione di quell'anno o di "
              "un anno precedente.",
        "en": "Service rows not compared with residents ({count}): no population for that year or an earlier one."},

    # -- the downloadable report of problems (validate.problems_frame) ----------------------------------------
    "upload_report_sheet": {"it": "foglio", "en": "sheet"},
    "upload_report_row": {"it": "riga", "en": "row"},
    "upload_report_column": {"it": "colonna", "en": "column"},
    "upload_report_value": {"it": "valore", "en": "value"},
    "upload_report_rule": {"it": "regola", "en": "rule"},
    "upload_report_message": {"it": "messaggio", "en": "message"},
    "upload_report_severity": {"it": "gravità", "en": "severity"},
    "upload_severity_error": {"it": "errore", "en": "error"},
    "upload_severity_warning": {"it": "avviso", "en": "warning"},
    # H2 — loading (cruscotto/local/load.py, `python -m cruscotto load | versioni | ripristina`)
    "load_blank": {"it": "(vuoto)", "en": "(blank)"},
    "load_col_sheet": {"it": "foglio", "en": "sheet"},
    "load_col_year": {"it": "anno", "en": "year"},
    "load_col_territory": {"it": "territorio", "en": "area"},
    "load_col_territory_name": {"it": "nome", "en": "name"},
    "load_col_item": {"it": "servizio, area o ambito", "en": "service, area or social district"},
    "load_col_column": {"it": "colonna", "en": "column"},
    "load_preview_new": {"it": "righe nuove", "en": "new rows"},
    "load_preview_changed": {"it": "righe modificate", "en": "changed rows"},
    "load_preview_unchanged": {"it": "righe invariate", "en": "unchanged rows"},
    "load_preview_removed": {"it": "righe tolte", "en": "removed rows"},
    "load_preview_kind": {"it": "cambiamento", "en": "change"},
    "load_preview_changed_row": {"it": "modificata", "en": "changed"},
    "load_preview_removed_row": {"it": "tolta (non più nel file)", "en": "removed (no longer in the file)"},
    "load_preview_before": {"it": "prima", "en": "before"},
    "load_preview_after": {"it": "dopo", "en": "after"},
    "load_problem_where": {"it": "foglio {sheet}, riga {row}, colonna {column}, valore «{value}»",
                           "en": "sheet {sheet}, row {row}, column {column}, value «{value}»"},
    "load_problem_line": {"it": "{severity} — {where}: {message}", "en": "{severity} — {where}: {message}"},
    "load_action_load": {"it": "caricamento", "en": "upload"},
    "load_action_revert": {"it": "ripristino della versione {version}", "en": "revert to version {version}"},
    "load_ver_version": {"it": "versione", "en": "version"},
    "load_ver_when": {"it": "quando (ora italiana)", "en": "when (Italian time)"},
    "load_ver_ambito": {"it": "ambito", "en": "social district"},
    "load_ver_all_ambiti": {"it": "tutti gli ambiti", "en": "all social districts"},
    "load_ver_user": {"it": "chi", "en": "who"},
    "load_ver_action": {"it": "operazione", "en": "action"},
    "load_ver_file": {"it": "file", "en": "file"},
    "load_ver_sha": {"it": "impronta SHA-256", "en": "SHA-256 fingerprint"},
    "load_ver_rows": {"it": "righe", "en": "rows"},
    "load_ver_current": {"it": "in uso", "en": "current"},
    "load_versions_none": {"it": "Nessun dato dell'Ufficio di Piano è stato ancora caricato.",
                           "en": "No data of an Ufficio di Piano has been loaded yet."},
    "load_store_busy": {"it": "Un altro caricamento è in corso: niente è stato salvato. Riprova tra qualche secondo.",
                        "en": "Another upload is being saved: nothing was stored. Try again in a few seconds."},
    "load_revert_unknown": {"it": "La versione {version} non esiste: vedi `python -m cruscotto versioni`.",
                            "en": "Version {version} does not exist: see `python -m cruscotto versioni`."},
    "load_reverted": {"it": "Versione {version} salvata: i dati sono di nuovo quelli della versione {to_version}.",
                      "en": "Version {version} saved: the data are again those of version {to_version}."},
    "load_cli_no_database": {"it": "Database mancante: {path}. Esegui prima `python -m cruscotto build`.",
                             "en": "Database missing: {path}. Run `python -m cruscotto build` first."},
    "load_cli_unreadable": {"it": "Impossibile leggere {path}: {error}", "en": "Cannot read {path}: {error}"},
    "load_cli_refused": {"it": "File {file} rifiutato: {reason}. Niente è stato salvato.",
                         "en": "File {file} refused: {reason}. Nothing was stored."},
    "load_cli_errors": {"it": "{file}: {errors} errori, {warnings} avvisi. Niente è stato salvato: correggi gli "
                              "errori e ricarica il file.",
                        "en": "{file}: {errors} errors, {warnings} warnings. Nothing was stored: fix the errors "
                              "and load the file again."},
    "load_cli_empty": {"it": "{file}: nessuna riga da salvare. Niente è stato salvato.",
                       "en": "{file}: no rows to store. Nothing was stored."},
    "load_cli_preview": {"it": "Cosa cambia per l'ambito {ambito} rispetto ai dati salvati ora (versione {version}):",
                         "en": "What changes for social district {ambito} against the data stored now (version "
                               "{version}):"},
    "load_cli_changes": {"it": "Valori modificati e righe tolte ({shown} su {total}):",
                         "en": "Changed values and removed rows ({shown} of {total}):"},
    "load_cli_dry_run": {"it": "Prova (--dry-run): niente è stato salvato.",
                         "en": "Dry run (--dry-run): nothing was stored."},
    "load_cli_saved": {"it": "Versione {version} salvata per l'ambito {ambito} da {user} (righe caricate: {rows}).",
                       "en": "Version {version} saved for social district {ambito} by {user} (rows loaded: "
                             "{rows})."},
    "load_cli_preview_first": {"it": "Cosa cambia per l'ambito {ambito} (nessun dato salvato finora):",
                               "en": "What changes for social district {ambito} (no data stored so far):"},
}

"""UI strings (it/en) for planners' data: access (the /carica page, login, versions)."""
STRINGS: dict[str, dict[str, str]] = {
    "page_carica": {"it": "Carica dati", "en": "Load data"},
    "carica_title": {"it": "Caricare i dati dell'Ufficio di Piano", "en": "Loading the data of the Ufficio di Piano"},
    "carica_label": {
        "it": "Dati dell'Ufficio di Piano: sono tenuti separati dai dati ufficiali (ISTAT, Regione, OpenCivitas, …) "
              "e nel cruscotto ogni cifra caricata è indicata come «dato dell'Ufficio di Piano di …, caricato il …».",
        "en": "Data of the Ufficio di Piano: kept apart from the official data (ISTAT, Lombardy Region, OpenCivitas, "
              "…); in the dashboard every loaded figure is labelled \"data of the Ufficio di Piano of …, loaded on …\"."},
    "carica_intro": {
        "it": "Qui ogni Ufficio di Piano carica, una volta l'anno, i dati che solo lui ha: i comuni del suo ambito, "
              "gli utenti, i posti e la spesa di ogni servizio, la spesa per area di intervento. Il cruscotto ne "
              "ricava la copertura del bisogno, la spesa per target e la composizione dell'ambito. Scarica i "
              "modelli qui sotto, compilali (CSV o Excel) e caricali dopo aver effettuato l'accesso: ogni errore viene "
              "elencato con foglio, riga e colonna, e nulla si salva finché il file non è del tutto corretto.",
        "en": "Here each Ufficio di Piano (the social planning office of a social district, or ambito) loads, once "
              "a year, the data only it has: the municipalities of its social district, the users, places and "
              "spending of each service, the spending by area. The dashboard derives from them the coverage of "
              "need, the spending by target group and the membership of the social district. Download the "
              "templates below, fill them in (CSV or Excel) and load them after logging in: every error is listed with "
              "sheet, row and column, and nothing is saved until the whole file is correct."},
    "carica_templates_title": {"it": "Modelli da compilare", "en": "Templates to fill in"},
    "carica_template_ambiti": {"it": "**`ambiti`** — i comuni dell'ambito: `codice_comune`, `codice_ambito`, "
                                     "`nome_ambito`, `anno_inizio`",
                               "en": "**`ambiti`** — the municipalities of the social district: `codice_comune`, "
                                     "`codice_ambito`, `nome_ambito`, `anno_inizio`"},
    "carica_template_servizi": {"it": "**`servizi`** — una riga per servizio e comune (o per ambito, se gestito in "
                                      "forma associata): `anno`, `codice_territorio`, `servizio`, `utenti`, `posti`, "
                                      "`spesa_euro`, `compartecipazione_euro`",
                                "en": "**`servizi`** — one row per service and municipality (or for the social "
                                      "district, when run jointly): `anno`, `codice_territorio`, `servizio`, "
                                      "`utenti`, `posti`, `spesa_euro`, `compartecipazione_euro`"},
    "carica_template_spesa_aree": {"it": "**`spesa_aree`** — la spesa per area dell'indagine ISTAT: `anno`, "
                                         "`codice_territorio`, `area`, `spesa_euro`, `spesa_associata_euro`",
                                   "en": "**`spesa_aree`** — spending by area of the ISTAT survey: `anno`, "
                                         "`codice_territorio`, `area`, `spesa_euro`, `spesa_associata_euro`"},
    "carica_template_blank": {"it": "Modello vuoto: `{file}`", "en": "Blank template: `{file}`"},
    "carica_template_example": {"it": "Esempio compilato: `{file}`", "en": "Filled-in example: `{file}`"},
    "carica_templates_missing": {"it": "I modelli non sono disponibili su questo server: chiedere a chi gestisce il "
                                       "cruscotto.",
                                 "en": "The templates are not available on this server: ask whoever runs the "
                                       "dashboard."},
    "carica_example_note": {
        "it": "Gli esempi mostrano come si compila ogni modello e non vengono mai caricati da soli. Sono dell'Ambito "
              "di Cremona: in `ambiti_esempio.csv` ci sono i suoi 47 comuni come negli atti pubblici e in "
              "`spesa_aree_esempio.csv` la spesa per area del 2012 ricavata dal Piano di Zona; i numeri di "
              "`servizi_esempio.csv` sono invece illustrativi, inventati per l'esempio.",
        "en": "The examples show how each template is filled in and are never loaded by themselves. They are for "
              "the Ambito di Cremona: `ambiti_esempio.csv` holds its 47 municipalities as listed in public acts and "
              "`spesa_aree_esempio.csv` its 2012 spending by area, derived from the Piano di Zona; the figures of "
              "`servizi_esempio.csv` are illustrative, made up for the example."},
    "carica_doc_title": {"it": "Istruzioni per compilare i modelli", "en": "How to fill in the templates"},
    "carica_format_note": {
        "it": "Si accettano file CSV con una tabella, riconosciuta dall'intestazione (separatore `;` o `,`, decimali "
              "con la virgola come in `1.234,5`, testo UTF-8 o Windows-1252), oppure un file Excel con i fogli "
              "`ambiti`, `servizi`, `spesa_aree`. Una cella vuota è un dato mancante, non uno zero.",
        "en": "Accepted: CSV files holding one table, recognised by its header (separator `;` or `,`, decimal "
              "comma as in `1.234,5`, text in UTF-8 or Windows-1252), or an Excel file with sheets named `ambiti`, "
              "`servizi`, `spesa_aree`. A blank cell is missing, not zero."},
    # access
    "carica_login_title": {"it": "Accesso per gli Uffici di Piano", "en": "Log in (Uffici di Piano)"},
    "carica_login_visitors": {
        "it": "Per consultare il cruscotto non serve accedere: l'accesso serve solo a chi carica i dati.",
        "en": "Browsing the dashboard needs no login: logging in is only for those who load data."},
    "carica_user": {"it": "Nome utente", "en": "User name"},
    "carica_password": {"it": "Password", "en": "Password"},
    "carica_login_button": {"it": "Entra", "en": "Log in"},
    "carica_login_failed": {"it": "Nome utente o password non validi.", "en": "Invalid user name or password."},
    "carica_login_wait": {"it": "Troppi tentativi non riusciti: riprova tra {seconds} secondi.",
                          "en": "Too many failed attempts: try again in {seconds} seconds."},
    "carica_login_wait_one": {"it": "Troppi tentativi non riusciti: riprova tra 1 secondo.",
                              "en": "Too many failed attempts: try again in 1 second."},
    "carica_no_accounts": {
        "it": "Il caricamento non è ancora attivo su questo server: nessun account è configurato. Per avere un "
              "account, rivolgersi a chi gestisce il cruscotto (le istruzioni per configurarli sono nella "
              "documentazione del cruscotto, sezione «Loading on /carica»).",
        "en": "Loading is not active on this server yet: no account is configured. To get an account, ask whoever "
              "runs the dashboard (how to configure accounts is in the dashboard's documentation, section "
              "\"Loading on /carica\")."},
    "carica_logged_as": {"it": "Accesso effettuato come **{name}** ({user}).",
                         "en": "Logged in as **{name}** ({user})."},
    "carica_logout": {"it": "Esci", "en": "Log out"},
    "carica_ambito_fixed": {"it": "Carichi i dati per: **{ambito}**", "en": "You load the data for: **{ambito}**"},
    "carica_admin_pick": {"it": "Ambito per cui caricare (amministratore)",
                          "en": "Social district (ambito) to load for (administrator)"},
    "carica_not_allowed": {"it": "Questo account non può caricare dati per {ambito}.",
                           "en": "This account cannot load data for {ambito}."},
    # upload and check
    "carica_upload_title": {"it": "Carica un file", "en": "Load a file"},
    "carica_file": {"it": "File da controllare (CSV o Excel .xlsx)", "en": "File to check (CSV or Excel .xlsx)"},
    "carica_file_help": {"it": "Dimensione massima {mb} MB. Il file viene prima controllato: si salva solo dopo, "
                               "con il pulsante «Salva».",
                         "en": "At most {mb} MB. The file is checked first: it is saved only afterwards, with the "
                               "\"Save\" button."},
    "carica_refused": {"it": "Il file non è stato accettato: {reason}", "en": "The file was not accepted: {reason}"},
    "carica_errors": {"it": "Il file contiene {count} errori: nulla è stato salvato. Correggili tutti e carica di "
                            "nuovo il file.",
                      "en": "The file has {count} errors: nothing was saved. Correct them all and load the file "
                            "again."},
    "carica_errors_one": {"it": "Il file contiene 1 errore: nulla è stato salvato. Correggilo e carica di nuovo il "
                                "file.",
                          "en": "The file has 1 error: nothing was saved. Correct it and load the file again."},
    "carica_warnings": {"it": "{count} avvisi (non impediscono il salvataggio):",
                        "en": "{count} warnings (they do not prevent saving):"},
    "carica_warnings_one": {"it": "1 avviso (non impedisce il salvataggio):",
                            "en": "1 warning (it does not prevent saving):"},
    "carica_error_report": {"it": "Scarica l'elenco dei problemi (CSV)", "en": "Download the list of problems (CSV)"},
    "carica_problems_more": {"it": "Sono mostrati i primi {shown} problemi, e ce ne sono altri {count}: scarica il "
                                   "rapporto completo (CSV) con il pulsante qui sotto.",
                             "en": "The first {shown} problems are shown, and there are {count} more: download the "
                                   "full report (CSV) with the button below."},
    "carica_problems_more_one": {"it": "Sono mostrati i primi {shown} problemi, e ce n'è ancora uno: scarica il "
                                       "rapporto completo (CSV) con il pulsante qui sotto.",
                                 "en": "The first {shown} problems are shown, and there is one more: download the "
                                       "full report (CSV) with the button below."},
    "carica_passed": {"it": "Il file è corretto: {rows} righe. Ecco cosa cambierebbe rispetto ai dati salvati ora "
                            "(versione {version}).",
                      "en": "The file is correct: {rows} rows. This is what would change against the data stored "
                            "now (version {version})."},
    "carica_passed_first": {"it": "Il file è corretto: {rows} righe. Non ci sono ancora dati salvati: sarebbe la "
                                  "prima versione.",
                            "en": "The file is correct: {rows} rows. Nothing is stored yet: this would be the first "
                                  "version."},
    "carica_changes_title": {"it": "Valori che cambiano", "en": "Values that change"},
    "carica_changes_more": {"it": "Mostrate {shown} modifiche su {total}.", "en": "{shown} of {total} changes shown."},
    "carica_save": {"it": "Salva", "en": "Save"},
    "carica_saved": {"it": "Salvata la versione {version}: {rows} righe da `{file}`, caricate da {user} il {when} "
                           "(ora italiana; SHA-256 del file `{sha}`).",
                     "en": "Version {version} saved: {rows} rows from `{file}`, loaded by {user} on {when} "
                           "(Italian time; file SHA-256 `{sha}`)."},
    "carica_busy": {"it": "Un altro salvataggio è in corso: riprova tra qualche secondo.",
                    "en": "Another save is in progress: try again in a few seconds."},
    "carica_stale": {"it": "I dati salvati sono cambiati dopo il controllo: il file è stato controllato di nuovo.",
                     "en": "The stored data changed after the check: the file was checked again."},
    # versions and revert
    "carica_versions_title": {"it": "Versioni salvate per {ambito}", "en": "Versions saved for {ambito}"},
    "carica_versions_none": {"it": "Nessuna versione salvata per questo ambito.",
                             "en": "No version saved for this social district."},
    "carica_col_version": {"it": "Versione", "en": "Version"},
    "carica_col_when": {"it": "Caricata il (ora italiana)", "en": "Loaded on (Italian time)"},
    "carica_col_user": {"it": "Da", "en": "By"},
    "carica_col_file": {"it": "File", "en": "File"},
    "carica_col_hash": {"it": "SHA-256", "en": "SHA-256"},
    "carica_col_rows": {"it": "Righe", "en": "Rows"},
    "carica_col_action": {"it": "Operazione", "en": "Action"},
    "carica_col_current": {"it": "In uso", "en": "Current"},
    "carica_action_load": {"it": "caricamento", "en": "load"},
    "carica_action_revert": {"it": "ripristino della versione {version}", "en": "revert to version {version}"},
    "carica_revert_title": {"it": "Ripristina una versione precedente", "en": "Revert to an earlier version"},
    "carica_revert_pick": {"it": "Versione da ripristinare", "en": "Version to revert to"},
    "carica_revert_option": {"it": "versione {version} — {when} (ora italiana) — {what} — {user}",
                             "en": "version {version} — {when} (Italian time) — {what} — {user}"},
    "carica_revert_confirm": {"it": "Confermo: i dati di {ambito} tornano come nella versione scelta (si crea una "
                                    "nuova versione, nulla viene cancellato)",
                              "en": "I confirm: the data of {ambito} go back to the chosen version (a new version "
                                    "is made, nothing is deleted)"},
    "carica_revert_button": {"it": "Ripristina", "en": "Revert"},
    "carica_reverted": {"it": "Fatto: la versione {new} riporta i dati di {ambito} alla versione {version}.",
                        "en": "Done: version {new} takes the data of {ambito} back to version {version}."},
    "carica_yes": {"it": "sì", "en": "yes"},
}

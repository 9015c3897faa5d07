"""The open-data bundle: the long table in CSV, Excel or Parquet, the indicator catalogue and the source
register beside it, a Frictionless `datapackage.json` describing all three, and a short README.

The same bundle is written by `python -m cruscotto export` and downloaded from /dati-aperti. Text
cells of CSV and Excel files are made safe against formula injection (cruscotto.export.excel_safe);
Parquet keeps the values as they are, typed.
"""
import io
import json
import re
import zipfile

import pandas as pd

from cruscotto.build.store import FLAG_THRESHOLDS
from cruscotto import notes
from cruscotto.formatting import number, year_span
from cruscotto.export import excel_safe, to_csv_bytes, write_files

FORMATS = ("csv", "xlsx", "parquet")
DATA_STEM = "cruscotto_welfare"
MEDIA_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "parquet": "application/vnd.apache.parquet"}
DATA_TYPES = {"year": "integer", "value": "number", "numerator": "number", "denominator": "number",
              "local_data": "boolean"}
DATA_FIELDS = {
    "indicator_id": ("Identificativo dell'indicatore (vedi indicatori.csv)", "Indicator id (see indicatori.csv)"),
    "indicator_label": ("Nome dell'indicatore", "Indicator name"),
    "territory_code": ("Codice ISTAT del comune (6 cifre), della provincia (3) o della regione (2); codice del "
                       "progetto per ambiti, ASST, distretti, Municipi e NIL",
                       "ISTAT code of the comune (6 digits), province (3) or region (2); project code for ambiti, "
                       "ASST, districts, Municipi and NIL"),
    "territory_level": ("Livello del territorio", "Level of the territory"),
    "territory_name": ("Nome del territorio", "Name of the territory"),
    "year": ("Anno di riferimento", "Reference year"),
    "value": ("Valore dell'indicatore", "Value of the indicator"),
    "numerator": ("Numeratore (somma sui comuni per gli aggregati)", "Numerator (summed over comuni for aggregates)"),
    "denominator": ("Denominatore (somma sui comuni per gli aggregati)", "Denominator (summed over comuni for aggregates)"),
    "unit": ("Unità di misura", "Unit"),
    "status": ("final = definitivo, provisional = provvisorio", "final or provisional"),
    "flag": tuple(text.format(**FLAG_THRESHOLDS) for text in (
        "Segnalazione calcolata alla costruzione del database: unreliable = valore poco affidabile (un tasso con "
        "meno di {min_numerator} persone al numeratore o meno di {min_denominator} al denominatore), check = da "
        "verificare (più di {jump_factor} volte, o meno di 1/{jump_factor}, il valore dell'anno precedente della "
        "stessa serie; mostrato come pubblicato), unreliable+check = entrambe; vuoto = nessuna segnalazione",
        "Flag computed when the database is built: unreliable = a rate with fewer than {min_numerator} people in "
        "the numerator or fewer than {min_denominator} in the denominator, check = to be checked (more than "
        "{jump_factor} times, or less than 1/{jump_factor} of, the previous year's value of the same series; kept "
        "as published), unreliable+check = both; empty = not flagged")),
    "source": ("Identificativo della fonte (vedi fonti.csv)", "Source id (see fonti.csv)"),
    "licence": ("Licenza della fonte", "Licence of the source"),
    "ref_date": ("Data di riferimento del dato", "Reference date of the figure"),
    "note": ("Nota sul dato", "Note on the figure"),
    "local_data": ("true = dato caricato da un Ufficio di Piano (o dato ufficiale sommato su una composizione "
                   "d'ambito caricata da un Ufficio di Piano): la colonna source dice quale; non è un dato ufficiale",
                   "true = loaded by an Ufficio di Piano (or an official figure summed over an ambito membership an "
                   "Ufficio di Piano loaded): the source column says which; not an official figure"),
}
FIELD_CONSTRAINTS = {"flag": {"constraints": {"enum": ["unreliable", "check", "unreliable+check"]}}}
CATALOGUE_COLUMNS = ["id", "topic", "label_it", "label_en", "definition_it", "definition_en", "unit_it", "unit_en",
                     "numerator", "denominator", "numerator_en", "denominator_en", "numerator_counts_people",
                     "denominator_counts_people", "multiplier", "aggregation", "caveat_it", "caveat_en",
                     "build_step", "raw_measure", "first_year", "last_year", "territories", "sources"]
SOURCE_COLUMNS = ["source_id", "name_it", "name_en", "publisher", "licence", "attribution", "reference",
                  "obtained_from", "caveat_it", "caveat_en", "loaded_at", "observations"]
KNOWN_LICENCES = {
    "CC BY 4.0": {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                  "title": "Creative Commons Attribution 4.0"},
    "CC BY 3.0 IT": {"name": "CC-BY-3.0-IT", "path": "https://creativecommons.org/licenses/by/3.0/it/",
                     "title": "Creative Commons Attribuzione 3.0 Italia"},
}


def collect(database, indicators=(), territories=(), first_year: int = 1900, last_year: int = 2100,
            lang: str = "it", include_local: bool = True) -> dict:
    """Everything a bundle needs, read through the queries: the selection (empty = all) and its metadata.
    include_local=False leaves out what Uffici di Piano loaded (column local_data)."""
    data = database.run("export", indicators=list(indicators), territories=list(territories),
                        first_year=int(first_year), last_year=int(last_year), lang=lang,
                        include_local=bool(include_local))
    # the build stores notes as codes (cruscotto/notes.py): the bundle carries them written out
    data["note"] = [notes.render(note, lang) if notes.is_stored(note) else note for note in data["note"]]
    return {"data": data,
            "catalogue": database.run("indicators"), "sources": database.run("sources"),
            "built_at": database.run("build_info")["built_at"].iloc[0], "lang": lang}


def write_bundle(files: dict[str, bytes], out_dir) -> list:
    """All files or none (a full disk leaves the folder as it was); never through a symbolic link."""
    return write_files(files, out_dir)


def bundle(data: pd.DataFrame, catalogue: pd.DataFrame, sources: pd.DataFrame, fmt: str,
           built_at: str, lang: str = "it") -> dict[str, bytes]:
    """File name -> content. data: export.sql rows; catalogue: indicators.sql; sources: sources.sql."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt!r} (one of {', '.join(FORMATS)})")
    used_sources = sources[sources["source_id"].isin(set(data["source"]))] if not data.empty else sources.iloc[0:0]
    used_indicators = catalogue[catalogue["id"].isin(set(data["indicator_id"]))]
    catalogue_table = used_indicators.reindex(columns=CATALOGUE_COLUMNS).astype(
        {"first_year": "Int64", "last_year": "Int64", "territories": "Int64"})
    source_table = used_sources.reindex(columns=SOURCE_COLUMNS).assign(loaded_at=lambda f: f["loaded_at"].astype(str))
    files = {f"{DATA_STEM}.{fmt}": _data_file(data, fmt),
             "indicatori.csv": to_csv_bytes(catalogue_table),
             "fonti.csv": to_csv_bytes(source_table)}
    package = datapackage(data, catalogue_table, source_table, fmt, built_at, lang)
    files["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    files["README.md"] = readme(data, source_table, fmt, built_at).encode("utf-8")
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def datapackage(data: pd.DataFrame, catalogue: pd.DataFrame, sources: pd.DataFrame, fmt: str,
                built_at: str, lang: str = "it") -> dict:
    """A Frictionless (tabular) Data Package descriptor for the bundle."""
    index = 0 if lang == "it" else 1
    data_resource = {
        "name": DATA_STEM, "profile": "tabular-data-resource", "path": f"{DATA_STEM}.{fmt}", "format": fmt, "mediatype": MEDIA_TYPES[fmt],
        "title": "Indicatori per territorio e anno" if lang == "it" else "Indicators by territory and year",
        "schema": {"fields": [{"name": column, "type": _field_type(column, data[column], DATA_TYPES),
                               "description": DATA_FIELDS.get(column, ("", ""))[index],
                               **FIELD_CONSTRAINTS.get(column, {})} for column in data.columns],
                   "primaryKey": ["indicator_id", "territory_code", "year"],
                   "foreignKeys": [{"fields": "indicator_id", "reference": {"resource": "indicatori", "fields": "id"}},
                                   {"fields": "source", "reference": {"resource": "fonti", "fields": "source_id"}}]},
        "sources": [{"title": row.name_it if lang == "it" else row.name_en} for row in sources.itertuples()],
        "licenses": _licences(sources),
    }
    if fmt == "csv":
        data_resource["encoding"] = "utf-8-sig"
    elif fmt == "xlsx":
        data_resource["dialect"] = {"excel": {"sheet": 1}}
    return {
        "profile": "tabular-data-package",
        "name": "cruscotto-welfare",
        "title": "Cruscotto Welfare — indicatori sociali per i Piani di Zona della Lombardia",
        "description": "Indicatori armonizzati sui codici ISTAT dei comuni; aggregati per ambito, provincia e "
                       "regione come somma di numeratori e denominatori. Ogni riga porta fonte, licenza e stato.",
        "created": built_at,
        "licenses": _licences(sources),
        "sources": [{"title": f"{row.name_it} ({row.publisher})"} for row in sources.itertuples()],
        "resources": [
            data_resource,
            _csv_resource("indicatori", "indicatori.csv", catalogue, "Catalogo degli indicatori", ["id"]),
            _csv_resource("fonti", "fonti.csv", sources, "Registro delle fonti", ["source_id"]),
        ],
    }


def readme(data: pd.DataFrame, sources: pd.DataFrame, fmt: str, built_at: str) -> str:
    years = year_span(data["year"]) if not data.empty else "—"
    licences = sorted(set(sources["licence"]))
    return "\n".join([
        "# Cruscotto Welfare — dati aperti",
        "",
        f"Estratto del {built_at[:10]}: {number(len(data))} valori, {number(data['indicator_id'].nunique())} "
        f"indicatori, {number(data['territory_code'].nunique())} territori, anni {years}.",
        "",
        f"- `{DATA_STEM}.{fmt}`: un valore per riga (indicatore × territorio × anno) con numeratore, denominatore, "
        "unità, stato (definitivo/provvisorio), fonte e licenza.",
        "- `indicatori.csv`: definizione, formula (numeratore/denominatore), unità, anni e avvertenze di ogni indicatore.",
        "- `fonti.csv`: editore, licenza, data di riferimento e data di caricamento di ogni fonte.",
        "- `datapackage.json`: descrizione Frictionless Data Package (schema, fonti, licenze).",
        "",
        "La colonna `flag` segnala i valori poco affidabili (`unreliable`: un tasso che poggia su poche persone) e "
        "quelli da verificare (`check`: un salto di oltre {jump_factor} volte dall'anno precedente; mostrato come "
        "pubblicato); vuota se il valore non è segnalato.".format(**FLAG_THRESHOLDS),
        "",
        "La colonna `local_data` vale true per i dati caricati da un Ufficio di Piano (servizi, spesa per area, "
        "composizione di un ambito): non sono dati ufficiali e la colonna `source` dice chi li ha caricati e quando. "
        "Per un estratto senza questi dati: `python -m cruscotto export --senza-dati-locali`.",
        "",
        "Gli aggregati (ambiti, province, regione) sono somme di numeratori e denominatori dei comuni, mai medie "
        "di tassi. Le celle di testo che un foglio di calcolo eseguirebbe come formula iniziano con un apostrofo.",
        "",
        f"Licenze delle fonti: {'; '.join(licences)}. Citare la fonte di ogni valore (colonne `source` e `licence`).",
        "",
        "English: one value per row with its source and licence; see datapackage.json for the schema.",
        "",
    ])


def _data_file(data: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv_bytes(data)
    buffer = io.BytesIO()
    if fmt == "xlsx":
        excel_safe(data).to_excel(buffer, index=False, sheet_name="dati", engine="openpyxl")
    else:
        data.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _field_type(column: str, series: pd.Series, declared: dict | None = None) -> str:
    if declared and column in declared:
        return declared[column]
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "string"


def _csv_resource(name: str, path: str, frame: pd.DataFrame, title: str, key: list[str]) -> dict:
    return {"name": name, "profile": "tabular-data-resource", "path": path, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
            "title": title, "schema": {"fields": [{"name": column, "type": _field_type(column, frame[column])}
                                                  for column in frame.columns], "primaryKey": key}}


def _licences(sources: pd.DataFrame) -> list[dict]:
    """Known licences by SPDX id and URL; any other one by its title (and a readable name)."""
    licences = []
    for text in sorted(set(sources["licence"])):
        known = KNOWN_LICENCES.get(text)
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
        licences.append(dict(known) if known else {"name": f"other-{slug}", "title": text})
    return licences

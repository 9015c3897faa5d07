"""Carica: where an Ufficio di Piano loads its own data. Visitors see what the page is for, the login form and
the templates, never an upload control; after login, first the uploader for the account's ambito (an
administrator picks one), every problem of a file at once, the preview of what saving changes, the save, the
versions and the revert, the logout; the templates and their instructions come below. The work is done in
cruscotto/local/ (accounts, upload_view, load, store)."""
import streamlit as st

from cruscotto import data, ui
from cruscotto.formatting import escape_markdown
from cruscotto.i18n import t
from cruscotto.local import accounts, load, upload_gate, upload_view
from cruscotto.local.read import MAX_UPLOAD_BYTES
from cruscotto.local.store import LocalStore, StoreBusy

ACCOUNT = "carica_account"  # session: the user name of the logged-in account
CHECKED = "carica_checked"  # session: (what was checked, Checked)
UPLOADS = "carica_uploads"  # session: how many files were saved (a new uploader after each save)
DONE = "carica_done"  # session: the message of the last save or revert, shown once
ROW_PIXELS, HEADER_PIXELS = 35, 38  # st.dataframe's row and header heights, to show every row without scrolling

view = ui.page_view()
lang = view.lang
session = st.session_state
store = data.database().local_store or LocalStore()  # the store the dashboard shows


def counted(key: str, count: int, **values) -> str:
    """A string that says a count, in its singular form for one."""
    return t(f"{key}_one", lang, **values) if count == 1 else t(key, lang, count=count, **values)


def show_templates() -> None:
    st.subheader(t("carica_templates_title", lang))
    offered = upload_view.templates()
    if not offered:
        st.warning(t("carica_templates_missing", lang))
    for template in offered:
        st.markdown(t(f"carica_template_{template.table}", lang))
        columns = st.columns(2)
        for column, path, label in ((columns[0], template.blank, "carica_template_blank"),
                                    (columns[1], template.example, "carica_template_example")):
            if path is not None:
                column.download_button(t(label, lang, file=path.name), data=path.read_bytes(), file_name=path.name,
                                       mime="text/csv", key=f"template_{path.stem}", icon=":material/download:",
                                       on_click="ignore")
    st.caption(t("carica_example_note", lang))
    st.caption(t("carica_format_note", lang))
    if (doc := upload_view.template_doc(lang)) is not None:
        with st.expander(t("carica_doc_title", lang)):
            st.markdown(doc)


st.title(t("carica_title", lang))
st.info(t("carica_label", lang))

configured, _ = accounts.configured_accounts()
account = configured.get(session.get(ACCOUNT, ""))
session_id = upload_gate.current_session_id()

if account is None:  # a visitor (or an account no longer configured): no upload for this session
    st.markdown(t("carica_intro", lang))
    st.subheader(t("carica_login_title", lang))  # above the templates: after login the uploader takes its place
    if not configured:
        st.info(t("carica_no_accounts", lang))
    else:
        session.pop(ACCOUNT, None)
        if session_id:
            upload_gate.revoke(session_id)
        st.caption(t("carica_login_visitors", lang))
        with st.form("carica_login", clear_on_submit=True):
            user = st.text_input(t("carica_user", lang), key="carica_login_user", max_chars=accounts.MAX_NAME)
            password = st.text_input(t("carica_password", lang), type="password", key="carica_login_password",
                                     max_chars=256)
            submitted = st.form_submit_button(t("carica_login_button", lang))
        if submitted:
            result = accounts.login(user, password, configured, session_id=session_id, throttle=accounts.THROTTLE,
                                    audit=store.audit)
            if result.ok:
                session[ACCOUNT] = result.account.user
                if session_id:
                    upload_gate.grant(session_id)
                st.rerun()
            elif result.wait_seconds:
                st.error(t("carica_login_wait_one", lang) if result.wait_seconds == 1
                         else t("carica_login_wait", lang, seconds=result.wait_seconds))
            else:
                st.error(t("carica_login_failed", lang))
    show_templates()
    st.stop()

# ---- logged in: the uploader first, the templates below
if session_id:
    upload_gate.grant(session_id)
st.markdown(t("carica_logged_as", lang, name=escape_markdown(account.name), user=escape_markdown(account.user)))
if st.button(t("carica_logout", lang), key="carica_logout", icon=":material/logout:"):
    if session_id:
        upload_gate.revoke(session_id)
    store.audit({"action": "logout", "user": account.user, "session": (session_id or "")[:8]})
    for key in (ACCOUNT, CHECKED, DONE):
        session.pop(key, None)
    st.rerun()

territories = data.territories()
names = dict(zip(territories["code"], territories["name"]))
choices = upload_view.ambiti_for(account, territories.loc[territories["level"] == "ambito", "code"])
if account.is_admin:
    ambito = st.selectbox(t("carica_admin_pick", lang), choices, key="carica_ambito",
                          format_func=lambda code: upload_view.ambito_label(code, names))
else:
    ambito = account.ambito
if not ambito:  # an administrator with no ambito to pick (none known)
    st.stop()
ambito_name = upload_view.ambito_label(ambito, names, account)
if not account.is_admin:
    st.markdown(t("carica_ambito_fixed", lang, ambito=escape_markdown(ambito_name)))

if done := session.pop(DONE, None):
    st.success(done)

st.subheader(t("carica_upload_title", lang))
megabytes = max(1, MAX_UPLOAD_BYTES // 2 ** 20)
uploaded = st.file_uploader(t("carica_file", lang), type=["csv", "xlsx"], key=f"carica_file_{session.get(UPLOADS, 0)}",
                            help=t("carica_file_help", lang, mb=megabytes), max_upload_size=megabytes)
if uploaded is not None:
    content = uploaded.getvalue()
    identity = (load.file_hash(content), uploaded.name, ambito, store.current_version())
    previous = session.get(CHECKED)
    if previous is None or previous[0] != identity:
        if previous is not None and previous[0][:3] == identity[:3]:
            st.info(t("carica_stale", lang))
        session[CHECKED] = (identity, upload_view.check_upload(content, uploaded.name, ambito, account,
                                                               data.database(), store))
    checked = session[CHECKED][1]
    if checked.refused is not None:
        st.error(t("carica_refused", lang, reason=checked.refused.message(lang)))
    elif checked.errors:
        st.error(counted("carica_errors", len(checked.errors)))
    if checked.problems:
        if checked.warnings and not checked.errors:
            st.warning(counted("carica_warnings", len(checked.warnings)))
        # a table wraps long messages and shows every row it is given (at most PROBLEMS_SHOWN)
        st.table(upload_view.problems_on_screen(checked.problems, lang), hide_index=True)
        if hidden := upload_view.problems_not_shown(checked.problems):
            st.caption(counted("carica_problems_more", hidden, shown=upload_view.PROBLEMS_SHOWN))
        st.download_button(t("carica_error_report", lang), data=upload_view.problems_csv(checked.problems, lang),
                           file_name=f"problemi_{uploaded.name.rsplit('.', 1)[0]}.csv", mime="text/csv",
                           key="carica_problems_csv", icon=":material/download:", on_click="ignore")
    for notice in checked.notices:
        st.caption(notice.message(lang))
    if checked.ok:
        preview = checked.preview
        if preview.base_version is None:
            st.success(t("carica_passed_first", lang, rows=checked.rows))
        else:
            st.success(t("carica_passed", lang, rows=checked.rows, version=preview.base_version))
        st.dataframe(load.counts_table(preview, lang), hide_index=True, key="carica_counts")
        if preview.changes_total:
            st.markdown(f"**{t('carica_changes_title', lang)}**")
            changes = load.changes_table(preview, lang, names)
            st.dataframe(changes, hide_index=True, key="carica_changes",
                         height=HEADER_PIXELS + ROW_PIXELS * len(changes) + 2)
            if preview.changes_total > len(preview.changes):
                st.caption(t("carica_changes_more", lang, shown=len(preview.changes), total=preview.changes_total))
        if st.button(t("carica_save", lang), key="carica_save", type="primary", icon=":material/save:"):
            try:
                version = upload_view.save_upload(checked, account, store)
            except StoreBusy:
                st.warning(t("carica_busy", lang))
            else:
                session[DONE] = upload_view.saved_message(store, version, lang)
                session[UPLOADS] = session.get(UPLOADS, 0) + 1
                session.pop(CHECKED, None)
                if session_id:  # the stored file's bytes are not needed any more
                    upload_gate.release_files(session_id)
                st.rerun()

st.subheader(t("carica_versions_title", lang, ambito=ambito_name))
versions = upload_view.ambito_versions(store, ambito)
if versions.empty:
    st.caption(t("carica_versions_none", lang))
else:
    st.dataframe(upload_view.versions_table(versions, lang), hide_index=True, key="carica_versions")
    if earlier := upload_view.revert_choices(versions):
        with st.expander(t("carica_revert_title", lang)):
            target = st.selectbox(t("carica_revert_pick", lang), earlier, key="carica_revert_version",
                                  format_func=lambda version: upload_view.revert_label(versions, version, lang))
            confirmed = st.checkbox(t("carica_revert_confirm", lang, ambito=ambito_name), key="carica_revert_confirm")
            if st.button(t("carica_revert_button", lang), key="carica_revert", disabled=not confirmed):
                try:
                    new = upload_view.revert(target, account, ambito, store)
                except StoreBusy:
                    st.warning(t("carica_busy", lang))
                else:
                    session[DONE] = t("carica_reverted", lang, new=new, ambito=ambito_name, version=target)
                    session.pop(CHECKED, None)
                    session.pop("carica_revert_confirm", None)
                    st.rerun()

show_templates()

"""Map files (cruscotto/map_files.py): bounded in bytes and number whatever visitors ask for, a cached deck
never names a removed file, hot layers stay, and a full disk leaves no temporary file and a clear message."""
import errno
import random
import tempfile

import pytest

from cruscotto import map_files

REAL_TEMPORARY_FILE = tempfile.NamedTemporaryFile
from cruscotto.i18n import t


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(map_files, "MAP_FILES_DIR", tmp_path)
    return tmp_path


def layer(number: int, size: int = 1000) -> dict:
    """A collection of about `size` bytes, different for every number."""
    return {"type": "FeatureCollection", "n": number, "pad": "x" * size}


def file_of(folder, url: str):
    return folder / url.removeprefix(map_files.URL_PREFIX)


def json_files(folder):
    return list(folder.glob("*.json"))


def test_files_are_bounded_in_bytes(folder, monkeypatch):
    monkeypatch.setattr(map_files, "MAX_FILES", 10_000)
    monkeypatch.setattr(map_files, "MAX_BYTES", 50_000)
    for number in range(200):  # 200 kB asked for
        map_files.publish(layer(number), "comune-x")
        assert sum(f.stat().st_size for f in json_files(folder)) <= 50_000
    assert len(json_files(folder)) >= 20  # pruned to a share of the limit, not emptied


def test_files_are_bounded_in_number(folder, monkeypatch):
    monkeypatch.setattr(map_files, "MAX_FILES", 20)
    monkeypatch.setattr(map_files, "MAX_BYTES", 10**9)
    for number in range(100):
        map_files.publish(layer(number, 10), "comune-x")
        assert len(json_files(folder)) <= 20


def test_a_cached_deck_never_names_a_removed_file(folder, monkeypatch):
    """page_data caches decks by view and generation(): the most viewed layer, read from that cache between
    many other views, must always find its file (issue 10: it went 404 once enough other views were opened)."""
    monkeypatch.setattr(map_files, "MAX_FILES", 30)
    monkeypatch.setattr(map_files, "MAX_BYTES", 10**9)
    cache: dict[tuple, str] = {}

    def view(number: int) -> str:
        key = (number, map_files.generation())
        if key not in cache:
            cache[key] = map_files.publish(layer(number, 10), "comune-x")
        map_files.touch(cache[key])
        return cache[key]

    rng = random.Random(1)
    generations = {map_files.generation()}
    for step in range(400):
        url = view(0) if step % 3 == 0 else view(rng.randrange(1, 500))
        generations.add(map_files.generation())
        assert file_of(folder, url).exists(), f"step {step}: {url} was removed while a cached deck names it"
    assert len(generations) > 2  # pruning did happen, and moved the generation on


def test_a_layer_in_use_outlives_pruning(folder, monkeypatch):
    monkeypatch.setattr(map_files, "MAX_FILES", 10)
    hot = map_files.publish(layer(0, 10), "comune-hot")
    for number in range(1, 60):
        map_files.publish(layer(number, 10), "comune-x")
        assert map_files.touch(hot)  # viewed between every other view: least recently used never
    assert file_of(folder, hot).exists()


def test_same_content_is_written_once_and_generation_is_stable_without_pruning(folder):
    before = map_files.generation()
    first = map_files.publish(layer(1), "comune-x")
    assert map_files.publish(layer(1), "comune-x") == first and len(json_files(folder)) == 1
    assert map_files.generation() == before


class FullDisk:
    """tempfile.NamedTemporaryFile whose writes fail with ENOSPC after the file is created, as on a full disk."""

    def __init__(self, fail_times: int):
        self.fail_times = fail_times

    def __call__(self, *args, **kwargs):
        handle = REAL_TEMPORARY_FILE(*args, **kwargs)
        if self.fail_times > 0:
            self.fail_times -= 1

            def write(_data):
                raise OSError(errno.ENOSPC, "No space left on device")
            handle.write = write
        return handle


def test_full_disk_leaves_no_temporary_file_and_raises_a_clear_error(folder, monkeypatch):
    map_files.publish(layer(1), "comune-old")
    monkeypatch.setattr(map_files.tempfile, "NamedTemporaryFile", FullDisk(fail_times=99))
    with pytest.raises(map_files.MapFilesFull):
        map_files.publish(layer(2), "comune-x")
    assert not list(folder.glob("*.tmp")), "a temporary file was left behind"
    assert not list(folder.glob("comune-x-*"))


def test_full_disk_frees_our_least_used_files_and_tries_again(folder, monkeypatch):
    old = map_files.publish(layer(1), "comune-old")
    before = map_files.generation()
    monkeypatch.setattr(map_files.tempfile, "NamedTemporaryFile", FullDisk(fail_times=1))
    url = map_files.publish(layer(2), "comune-x")
    assert file_of(folder, url).exists() and not file_of(folder, old).exists()
    assert map_files.generation() != before  # decks naming the removed file are no longer served from cache
    assert not list(folder.glob("*.tmp"))


def test_other_write_errors_are_not_hidden(folder, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "read-only")
    monkeypatch.setattr(map_files.tempfile, "NamedTemporaryFile", refuse)
    with pytest.raises(PermissionError):
        map_files.publish(layer(1), "comune-x")


def test_full_disk_message_in_both_languages():
    assert "spazio" in t("map_files_full", "it") and "space" in t("map_files_full", "en")


def test_map_page_shows_a_message_not_a_traceback_on_a_full_disk(monkeypatch):
    """Needs the map page change described in /tmp/briefs/results/map.md (page_data/pages are helper "speed"'s)."""
    from tests.apptest_helpers import all_text, run_page

    def full(collection, stem):
        raise map_files.MapFilesFull(errno.ENOSPC, "no room for map files")
    monkeypatch.setattr(map_files, "publish", full)
    app = run_page("pages/mappa.py", territorio="015146", indicatore="share_65_plus", anno="2021", livello="provincia")
    assert not app.exception
    assert t("map_files_full", "it") in all_text(app)


def response_headers(path: str, status: int = 200) -> dict:
    """The headers ImmutableMapFiles lets through for a response of `status` to a GET of `path`."""
    import asyncio

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b"{}"})
    sent = []

    async def send(message):
        sent.append(message)
    asyncio.run(map_files.ImmutableMapFiles(app)({"type": "http", "path": path}, None, send))
    return dict(sent[0]["headers"])


def test_map_files_are_cacheable_for_good_and_nothing_else_is():
    name = "comune-share_65_plus-2022-it-0123456789abcdef.json"
    assert response_headers("/app/static/maps/" + name)[b"cache-control"] == map_files.CACHE_CONTROL
    assert response_headers("/base/app/static/maps/" + name)[b"cache-control"] == map_files.CACHE_CONTROL
    assert b"cache-control" not in response_headers("/app/static/maps/" + name, status=404)
    assert b"cache-control" not in response_headers("/app/static/maps/notes.json")
    assert b"cache-control" not in response_headers("/panoramica")


def test_the_server_lets_browsers_keep_map_files():
    """Needs edge.middleware() to include map_files.ImmutableMapFiles (see /tmp/briefs/results/map.md)."""
    from cruscotto import edge
    assert any(entry.cls is map_files.ImmutableMapFiles for entry in edge.middleware())

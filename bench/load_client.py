"""Many visitors at once, without a browser: a websocket client that speaks Streamlit's own protocol.
Prints figures; it passes or fails nothing.

    python bench/load_client.py --url http://127.0.0.1:8501 --sessions 20 --think clicking --duration 60
    python bench/load_client.py --sessions 50 --think reading --duration 120 [--pid PID] [--json]

Each simulated visitor does what the browser's frontend does (streamlit/static, WebsocketConnection and
App.sendRerunBackMsg): a GET of /_stcore/health, which sets the `_streamlit_xsrf` cookie (and a proxy's
sticky cookie), then a websocket on /_stcore/stream with the subprotocols ["streamlit", <xsrf token>] and
the cookies; then `rerun_script` BackMsgs. The first run of a session asks for a page by name (a deep link);
later ones by the page's script hash from the `navigation` ForwardMsg (a click in the sidebar). The query
string carries a territory and the page's own choices, plus `apri=1` (cruscotto/ui.py NAVIGATE) so the
dashboard reads them as a link of its own would. The hashes of the large messages already received are sent
back, as the browser does, so the server sends references instead of repeating them.

A page run lasts from sending the BackMsg to the `script_finished` ForwardMsg. Counted as errors: an
exception element in a run, `page_not_found`, a session closed by the server or refused, a run longer than
--timeout. Between runs each visitor waits a think time: "clicking" 0.5-2 s, "reading" 5-15 s (or "A-B").
Server memory (resident set size) is read from /proc for --pid (default: the process listening on the
URL's port): warm (after one run of every page), peak during the load, and after every session has closed.

On a loopback URL each visitor connects from its own address (127.1.x.y), as real visitors come from
their own: a per-client connection cap (the edge middleware, the proxy) then limits each visitor, not the
whole test.
"""
import argparse
import asyncio
import http.client
import ipaddress
import json
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cruscotto import pages_registry  # noqa: E402  (after the repository is on the path)
from cruscotto.levels import AMBITO, COMUNE, PROVINCE, REGION_CODE  # noqa: E402

THINK_PROFILES = {"clicking": (0.5, 2.0), "reading": (5.0, 15.0)}
NAVIGATE = "apri"  # cruscotto/ui.py: the URL is read again only when a link of ours carries it
PAGES = tuple(page.slug for page in pages_registry.PAGES if not page.login)  # visitors never log in
TERRITORIES = ("015146", "019036", "098031", "016024", "015", "019", REGION_CODE, "ambito-di-cremona",
               "ambito-distrettuale-di-lodi", "T03041", "MUN01", "MUN05", "NIL12")
INDICATORS = ("share_65_plus", "old_age_index", "foreign_share", "one_person_households_share",
              "income_per_taxpayer", "social_spending_per_capita", "rsa_places_per_100_75plus")
LEVELS = (COMUNE, AMBITO, PROVINCE)  # map levels visitors choose
SEARCHES = ("anziani", "reddito", "spesa", "")
TOPICS = ("demografia", "invecchiamento")
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


def page_params(page: str, rng: random.Random) -> dict[str, str]:
    """A view of `page` that a visitor could open from a link: widget-free URL parameters only."""
    territory = rng.choice(TERRITORIES)
    params = {"territorio": territory}
    if rng.random() < 0.2:
        params["lingua"] = "en"
    if page in ("tendenze", "confronta", "mappa"):
        params["indicatore"] = rng.choice(INDICATORS)
    if page == "confronta":
        params["confronto"] = ",".join(rng.sample([t for t in TERRITORIES if t != territory], rng.randint(1, 3)))
    if page == "mappa":
        params["livello"] = rng.choice(LEVELS)
    if page == "dati-aperti":
        if search := rng.choice(SEARCHES):
            params["cerca"] = search
        if rng.random() < 0.3:
            params["temi"] = rng.choice(TOPICS)
    return params


@dataclass
class Run:
    page: str
    seconds: float
    exceptions: list[str]


@dataclass
class Tally:
    runs: list[Run] = field(default_factory=list)
    sessions_opened: int = 0
    dropped: list[str] = field(default_factory=list)  # sessions closed by the server, refused, or stuck
    not_found: int = 0


class Dropped(Exception):
    """The server closed the session, refused it, or left a run unfinished past the timeout."""


def loopback_source(index: int) -> str:
    return f"127.1.{index // 250}.{index % 250 + 1}"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class Visitor:
    """One browser tab: one Streamlit session, page runs one after the other."""

    def __init__(self, base_url: str, source: str | None, timeout: float):
        self.base = urlsplit(base_url)
        self.source = source
        self.timeout = timeout
        self.websocket = None
        self.reader = None
        self.page_hashes: dict[str, str] = {}
        self.cached: dict[str, bool] = {}  # hash of a cacheable message -> whether it is an exception
        self.finished: asyncio.Future | None = None
        self.exceptions: list[str] = []
        self.not_found = 0
        self.closed_reason = ""

    def _http_cookies(self) -> str:
        """GET /_stcore/health, as the frontend's ping does: the XSRF cookie (and a proxy's sticky cookie)."""
        connection = http.client.HTTPConnection(self.base.hostname, self.base.port or 80, timeout=self.timeout,
                                                source_address=(self.source, 0) if self.source else None)
        try:
            connection.request("GET", self.base.path.rstrip("/") + "/_stcore/health")
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise Dropped(f"health {response.status}")
            cookies = [header.split(";", 1)[0] for header in response.headers.get_all("Set-Cookie") or []]
        finally:
            connection.close()
        return "; ".join(cookies)

    async def open(self) -> None:
        try:
            cookies = await asyncio.to_thread(self._http_cookies)
        except OSError as error:
            raise Dropped(f"health: {error}") from error
        xsrf = next((c.split("=", 1)[1] for c in cookies.split("; ") if c.startswith("_streamlit_xsrf=")), None)
        scheme = "wss" if self.base.scheme == "https" else "ws"
        origin = f"{self.base.scheme}://{self.base.netloc}"
        uri = f"{scheme}://{self.base.netloc}{self.base.path.rstrip('/')}/_stcore/stream"
        extra = {"local_addr": (self.source, 0)} if self.source else {}
        try:
            self.websocket = await connect(
                uri, subprotocols=["streamlit", xsrf or "PLACEHOLDER_AUTH_TOKEN"], origin=origin,
                additional_headers={"Cookie": cookies} if cookies else None, max_size=None, compression=None,
                # a browser never pings: a server busy for a while must not lose sessions to this client's keepalive
                ping_interval=None, open_timeout=self.timeout, **extra)
        except (OSError, InvalidHandshake, asyncio.TimeoutError) as error:
            raise Dropped(f"handshake: {error}") from error
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for data in self.websocket:
                self._handle(ForwardMsg.FromString(data))
            reason = f"closed by server ({self.websocket.close_code})"
        except ConnectionClosed as error:
            reason = f"closed by server ({error.rcvd.code if error.rcvd else 'no close frame'})"
        except Exception as error:  # a message this client cannot read: the session is lost to it all the same
            reason = f"unreadable message: {error!r}"
        if self.finished and not self.finished.done():
            self.finished.set_exception(Dropped(reason))
        self.closed_reason = reason

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            self.page_hashes = {page.url_pathname: page.page_script_hash for page in msg.navigation.app_pages}
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            is_exception = element.WhichOneof("type") == "exception"
            if is_exception:
                self.exceptions.append(f"{element.exception.type}: {element.exception.message[:160]}")
            if msg.metadata.cacheable:
                self.cached[msg.hash] = is_exception
        elif kind == "ref_hash" and self.cached.get(msg.ref_hash):
            self.exceptions.append(f"(repeated) exception {msg.ref_hash}")
        elif kind == "page_not_found":
            self.not_found += 1
        elif kind == "script_finished" and msg.script_finished in FINISHED:
            if self.finished and not self.finished.done():
                self.finished.set_result(None)

    async def run_page(self, page: str, params: dict[str, str]) -> Run:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = urlencode({**params, NAVIGATE: "1"})
        if page in self.page_hashes:
            state.page_script_hash = self.page_hashes[page]  # a click in the sidebar
        else:
            state.page_name = page  # a deep link: the first run of a tab
        state.cached_message_hashes.extend(self.cached)
        state.context_info.timezone = "Europe/Rome"
        state.context_info.locale = "it-IT"
        state.context_info.url = f"{self.base.scheme}://{self.base.netloc}/{page}?{state.query_string}"
        self.exceptions = []
        self.finished = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        try:
            await self.websocket.send(back.SerializeToString())
            await asyncio.wait_for(self.finished, self.timeout)
        except ConnectionClosed as error:
            raise Dropped("closed by server while sending") from error
        except asyncio.TimeoutError as error:
            raise Dropped(f"run of /{page} unfinished after {self.timeout:.0f} s") from error
        return Run(page, time.perf_counter() - start, list(self.exceptions))

    async def close(self) -> None:
        if self.websocket is not None:
            await self.websocket.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)


async def visitor_loop(index: int, url: str, think: tuple[float, float], deadline: float, tally: Tally,
                       timeout: float, seed: int) -> None:
    rng = random.Random(seed * 1000 + index)
    source = loopback_source(index) if is_loopback(urlsplit(url).hostname or "") else None
    await asyncio.sleep(rng.uniform(0, think[1]))  # visitors arrive over a while, not all in one instant
    while time.monotonic() < deadline:
        visitor = Visitor(url, source, timeout)
        try:
            await visitor.open()
            tally.sessions_opened += 1
            while time.monotonic() < deadline:
                page = rng.choice(PAGES)
                tally.runs.append(await visitor.run_page(page, page_params(page, rng)))
                await asyncio.sleep(rng.uniform(*think))
        except Dropped as error:
            tally.dropped.append(f"visitor {index}: {error}")
            await asyncio.sleep(rng.uniform(*think))  # the browser reconnects: a new session
        finally:
            tally.not_found += visitor.not_found
            await visitor.close()


def pid_listening_on(port: int) -> int | None:
    """The process with a listening TCP socket on `port` (from /proc, no extra package)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(str(fd.readlink()) in inodes for fd in (proc / "fd").iterdir()):
                return int(proc.name)
        except OSError:
            continue
    return None


def rss_mb(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            return float("nan")
    return total


async def warm_up(url: str, timeout: float) -> list[Run]:
    """One run of every page in one session, so caches are filled before the figures are taken."""
    visitor = Visitor(url, None, timeout)
    await visitor.open()
    try:
        return [await visitor.run_page(page, {"territorio": TERRITORIES[0]}) for page in PAGES]
    finally:
        await visitor.close()


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary(runs: list[Run]) -> dict:
    """Seconds per page run (None without runs) and the exceptions seen."""
    seconds = [run.seconds for run in runs]
    return {"runs": len(runs), "median": statistics.median(seconds) if seconds else None,
            "p95": p95(seconds) if seconds else None, "max": max(seconds, default=None),
            "exceptions": sum(len(run.exceptions) for run in runs)}


def seconds_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


async def run_load(url: str, sessions: int, think: tuple[float, float], duration: float, pids: list[int],
                   timeout: float = 180.0, settle: float = 5.0, seed: int = 1, warm: bool = True,
                   released_after: float | None = None) -> dict:
    """Drive `sessions` visitors for `duration` seconds; return the figures (see print_report). Memory is read
    `settle` seconds after the last session closed ("after") and, with released_after, again that many seconds
    after it ("released": once the server has let the closed sessions go)."""
    warm_runs = await warm_up(url, timeout) if warm else []
    memory = {"warm": rss_mb(pids), "peak": rss_mb(pids)}
    tally = Tally()
    stop = asyncio.Event()

    async def sample_memory() -> None:
        while not stop.is_set():
            memory["peak"] = max(memory["peak"], rss_mb(pids))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample_memory())
    client_cpu = time.process_time()
    deadline = time.monotonic() + duration
    await asyncio.gather(*(visitor_loop(i, url, think, deadline, tally, timeout, seed) for i in range(sessions)))
    memory["end"] = rss_mb(pids)
    client_cpu = time.process_time() - client_cpu
    await asyncio.sleep(settle)
    stop.set()
    await sampler
    memory["after"] = rss_mb(pids)
    if released_after is not None:
        await asyncio.sleep(max(0.0, released_after - settle))
        memory["released"] = rss_mb(pids)
    pages = {page: summary([run for run in tally.runs if run.page == page]) for page in PAGES}
    return {"url": url, "sessions": sessions, "think": list(think), "duration": duration,
            "overall": summary(tally.runs), "pages": pages, "sessions_opened": tally.sessions_opened,
            "dropped": tally.dropped, "page_not_found": tally.not_found,
            "exceptions": sorted({text for run in tally.runs for text in run.exceptions}),
            "warm_runs": len(warm_runs), "memory_mb": memory, "settle": settle,
            "client_cpu_seconds": client_cpu}


def print_report(report: dict) -> None:
    think = "-".join(f"{value:g}" for value in report["think"])
    print(f"{report['url']}: {report['sessions']} sessions, think {think} s, {report['duration']:g} s")
    print(f"  {'page':14} {'runs':>5} {'median':>8} {'p95':>8} {'max':>8} {'exceptions':>11}")
    for name, row in [*report["pages"].items(), ("overall", report["overall"])]:
        print(f"  {name:14} {row['runs']:5d} {seconds_text(row['median']):>8} {seconds_text(row['p95']):>8} "
              f"{seconds_text(row['max']):>8} {row['exceptions']:11d}")
    print(f"  sessions opened {report['sessions_opened']}, dropped {len(report['dropped'])}, "
          f"page not found {report['page_not_found']}; this client used {report['client_cpu_seconds']:.1f} s of CPU")
    for line in report["dropped"][:10]:
        print(f"    dropped: {line}")
    for line in report["exceptions"][:10]:
        print(f"    exception: {line}")
    memory = report["memory_mb"]
    print(f"  server RSS: warm {memory['warm']:.0f} MB, peak {memory['peak']:.0f} MB, at end "
          f"{memory['end']:.0f} MB, {report['settle']:g} s later {memory['after']:.0f} MB")


def parse_think(text: str) -> tuple[float, float]:
    if text in THINK_PROFILES:
        return THINK_PROFILES[text]
    low, high = (float(part) for part in text.split("-"))
    return low, high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--think", default="clicking", help="clicking (0.5-2 s), reading (5-15 s) or A-B seconds")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (runs under way then finish)")
    parser.add_argument("--pid", type=int, action="append", default=[],
                        help="server process(es) whose memory to read (default: the one listening on the port)")
    parser.add_argument("--timeout", type=float, default=180, help="a run longer than this drops the session")
    parser.add_argument("--settle", type=float, default=5, help="seconds after the load before memory is read again")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-warm-up", dest="warm", action="store_false")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    pids = args.pid or [pid for pid in [pid_listening_on(urlsplit(args.url).port or 80)] if pid]
    report = asyncio.run(run_load(args.url, args.sessions, parse_think(args.think), args.duration, pids,
                                  args.timeout, args.settle, args.seed, args.warm))
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)


if __name__ == "__main__":
    main()

"""Many visitors at once: the dashboard against an empty Streamlit app, driven by bench/load_client.py.
Prints figures; it passes or fails nothing.

    python bench/bench_load.py [--duration 45]            # about 5 minutes
    python bench/bench_load.py --replicas 1,2 [--duration 45]

Default: one `python -m cruscotto serve` process (as `make run` starts it, empty planners' store) and one
`streamlit run bench/apps/empty_app.py`, each warmed by one run of every page, then two loads one after the
other: 20 sessions clicking every 0.5-2 s, 50 sessions reading 5-15 s between pages. Targets (issue 10):
p95 page run <= 3 s in both, no exception, no dropped session, server memory back near its warm size after
the sessions end (read 5 s after the last session closed, and again once their reconnection window,
server.disconnectedSessionTTL, has passed and the dashboard has released what they held; the 50-session load
follows the 20-session one on the same server). The empty app has one page: every URL runs the same script (the client's page names only
label the runs there).

--replicas 1,2: the same two loads against the dashboard behind HAProxy (Debian's `haproxy`, configured by
deploy/haproxy.cfg with one `server` line per local replica), with 1, then 2 replicas on this machine;
the gain is the ratio of the figures.
"""
import argparse
import asyncio
import tomllib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from load_client import THINK_PROFILES, print_report, run_load, seconds_text, warm_up  # noqa: E402

from cruscotto.build import build, needs_build  # noqa: E402
from cruscotto.idle_memory import RECHECK_SECONDS  # noqa: E402

# A closed tab's session waits server.disconnectedSessionTTL for a reconnection, then the dashboard releases what
# it held (cruscotto/idle_memory.py, looking again every RECHECK_SECONDS): memory is read again after that.
RECONNECT_WINDOW = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())["server"]["disconnectedSessionTTL"]
RELEASED_AFTER = RECONNECT_WINDOW + RECHECK_SECONDS + 5

SCENARIOS = [(20, "clicking"), (50, "reading")]
DASHBOARD = ("-m", "cruscotto", "serve")
EMPTY = ("-m", "streamlit", "run", "bench/apps/empty_app.py")
TARGET_P95 = 3.0
HAPROXY_CONFIG = REPO / "deploy" / "haproxy.cfg"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited ({process.returncode})")
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url}: no answer to the health check")


@contextmanager
def streamlit(launcher: tuple[str, ...], local_dir: str):
    """Yields (url, pid) of a server on a free port, started as the README's run command starts it."""
    port = free_port()
    env = {**os.environ, "CRUSCOTTO_LOCAL_DIR": local_dir}
    process = subprocess.Popen([sys.executable, *launcher, "--server.port", str(port), "--server.headless", "true",
                                "--browser.gatherUsageStats", "false"],
                               cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def local_haproxy_config(port: int, replica_urls: list[str]) -> str:
    """deploy/haproxy.cfg for this machine: listen on loopback, one `server` line per replica, no DNS."""
    text = HAPROXY_CONFIG.read_text()
    text = re.sub(r"(?m)^    bind :8080$", f"    bind 127.0.0.1:{port}", text)
    text = re.sub(r"(?ms)^resolvers compose\n.*?\n\n", "", text)
    servers = "\n".join(f"    server app{number} {url.split('//', 1)[1]}"
                        for number, url in enumerate(replica_urls, start=1))
    text, replaced = re.subn(r"(?m)^    server-template .*$", servers, text)
    if not replaced:
        raise RuntimeError("deploy/haproxy.cfg has no server-template line to replace")
    return text


@contextmanager
def haproxy(replica_urls: list[str]):
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(binary).exists():
        raise SystemExit("haproxy is not installed: apt-get install haproxy (Debian's package)")
    port = free_port()
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as config:
        config.write(local_haproxy_config(port, replica_urls))
    env = {**os.environ, "CRUSCOTTO_COOKIE_KEY": "bench-load"}
    process = subprocess.Popen([binary, "-db", "-f", config.name], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        time.sleep(3)  # the first health checks of every replica
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        os.unlink(config.name)


def measure(url: str, pids: list[int], duration: float, warm_urls: list[str]) -> list[dict]:
    async def scenarios() -> list[dict]:
        for warm_url in warm_urls:
            await warm_up(warm_url, 300)
        reports = []
        for sessions, think in SCENARIOS:
            print(f"  {url}: {sessions} sessions {think}, {duration:g} s ...", file=sys.stderr, flush=True)
            reports.append(await run_load(url, sessions, THINK_PROFILES[think], duration, pids, warm=False,
                                          released_after=RELEASED_AFTER))
        return reports
    return asyncio.run(scenarios())


def row(label: str, values: list[str], target: str = "") -> None:
    print(f"  {label:24}" + "".join(f"{value:>16}" for value in values) + f"  {target}")


def side_by_side(titles: list[str], columns: list[list[dict]]) -> None:
    for index, (sessions, think) in enumerate(SCENARIOS):
        low, high = THINK_PROFILES[think]
        print(f"\n{sessions} sessions {think} {low:g}-{high:g} s")
        row("", titles, "target")
        reports = [column[index] for column in columns]
        row("page runs", [str(r["overall"]["runs"]) for r in reports])
        for key in ("median", "p95", "max"):
            row(f"page run {key}", [seconds_text(r["overall"][key]) for r in reports],
                f"<= {TARGET_P95:g} s" if key == "p95" else "")
        row("exceptions", [str(r["overall"]["exceptions"]) for r in reports], "0")
        row("dropped sessions", [str(len(r["dropped"])) for r in reports], "0")
        for key, label in (("warm", "at start"), ("peak", "peak"), ("after", "5 s after"),
                           ("released", f"{RELEASED_AFTER:g} s after")):
            row(f"server RSS {label}", [f"{r['memory_mb'][key]:.0f} MB" for r in reports],
                "near warm size" if key == "released" else "")
        row("load client CPU", [f"{r['client_cpu_seconds']:.1f} s" for r in reports])
        worst = {name: page["p95"] for name, page in reports[0]["pages"].items() if page["runs"]}
        if worst:
            name = max(worst, key=worst.get)
            print(f"  slowest page of {titles[0]}: /{name} p95 {worst[name]:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=45, help="seconds of each load")
    parser.add_argument("--replicas", default=None, help="e.g. 1,2: the dashboard behind HAProxy instead")
    parser.add_argument("--details", action="store_true", help="also print every page's figures")
    args = parser.parse_args()
    if needs_build():
        build(progress=lambda line: None)
    started = time.perf_counter()
    local_dir = tempfile.mkdtemp(prefix="cruscotto-bench-load-")
    titles, columns = [], []
    if args.replicas:
        for count in (int(part) for part in args.replicas.split(",")):
            with ExitStack() as stack:
                servers = [stack.enter_context(streamlit(DASHBOARD, local_dir)) for _ in range(count)]
                proxy_url = stack.enter_context(haproxy([url for url, _ in servers]))
                titles.append(f"{count} replica{'s' if count > 1 else ''}")
                columns.append(measure(proxy_url, [pid for _, pid in servers], args.duration,
                                       [url for url, _ in servers]))
    else:
        for title, launcher in (("dashboard", DASHBOARD), ("empty app", EMPTY)):
            with streamlit(launcher, local_dir) as (url, pid):
                titles.append(title)
                columns.append(measure(url, [pid], args.duration, [url]))
    if args.details:
        for title, reports in zip(titles, columns):
            for report in reports:
                print(f"\n{title}:")
                print_report(report)
    print(f"\nLoad: bench/load_client.py, each load {args.duration:g} s; 2-core machine"
          + ("; HAProxy (deploy/haproxy.cfg) in front; RSS summed over the replicas" if args.replicas else ""))
    print("warm size (server RSS after one run of every page): "
          + ", ".join(f"{title} {column[0]['memory_mb']['warm']:.0f} MB" for title, column in zip(titles, columns)))
    side_by_side(titles, columns)
    if args.replicas and len(columns) > 1:
        for index, (sessions, think) in enumerate(SCENARIOS):
            base = columns[0][index]["overall"]
            for title, column in zip(titles[1:], columns[1:]):
                other = column[index]["overall"]
                if not (base["runs"] and other["runs"]):
                    continue
                print(f"  {sessions} {think}: {title} vs {titles[0]}: p95 {base['p95'] / other['p95']:.2f}x faster, "
                      f"median {base['median'] / other['median']:.2f}x, runs {other['runs'] / max(1, base['runs']):.2f}x")
    print(f"\n({time.perf_counter() - started:.0f} s in all)")
    shutil.rmtree(local_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

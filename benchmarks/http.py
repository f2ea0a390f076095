"""Compare plain-HTTP throughput of the same app under WSGI (gunicorn) and ASGI (daphne).

Starts each server on a free loopback port with development-like settings
(SQLite in a temporary folder, local-memory cache), sends a bounded number of
requests for a bounded time, prints requests per second, and stops the server.
Uses ``wrk`` when installed (``apt-get install wrk``), else a thread pool of
keep-alive HTTP clients, which is itself slower than wrk: compare figures from
the same load generator only.

    .venv/bin/python -m benchmarks.http                       # /health/, both servers
    .venv/bin/python -m benchmarks.http --path / --requests 5000 --concurrency 32
    .venv/bin/python -m benchmarks.http --servers gunicorn --max-seconds 10

Loopback only; never point it at another host.
"""

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would
# shadow the standard library's ``http`` package that urllib and http.client need.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


@dataclass
class Result:
    server: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    percentiles_ms: dict[str, float] = field(default_factory=dict)
    tool: str = "python"

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(workdir: Path, port: int, workers: int) -> dict[str, str]:
    """Return a development-like environment: SQLite, memory cache, eager tasks, quiet logs."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "webox.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "GUNICORN_BIND": f"{HOST}:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_LOG_LEVEL": "warning",
    }


def server_command(name: str, port: int) -> list[str]:
    if name == "gunicorn":
        return [str(BIN / "gunicorn"), "webox.wsgi:application", "--config", "deploy/gunicorn.conf.py"]
    if name == "daphne":
        return [str(BIN / "daphne"), "-b", HOST, "-p", str(port), "-v", "0", "webox.asgi:application"]
    raise SystemExit(f"unknown server {name!r}")


def wait_until_ready(port: int, path: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with code {process.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} not ready after {timeout:.0f}s")


def load_with_wrk(port: int, path: str, args: argparse.Namespace, result: Result) -> None:
    """Run wrk for at most ``max_seconds`` and read its totals."""
    command = [
        "wrk",
        "-t2",
        "--latency",
        f"-c{args.concurrency}",
        f"-d{int(args.max_seconds)}s",
        f"http://{HOST}:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=args.max_seconds + 30).stdout
    match = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output)
    if not match:
        raise SystemExit(f"could not read wrk's output:\n{output}")
    result.tool = "wrk"
    result.requests = int(match.group(1))
    result.seconds = float(match.group(2)) / (1000 if match.group(3) == "ms" else 1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result.errors = int(errors.group(1)) if errors else 0
    for percent in ("50", "90"):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)$", output, flags=re.MULTILINE)
        if found:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
            result.percentiles_ms[percent] = float(found.group(1)) * scale


def load_with_threads(port: int, path: str, args: argparse.Namespace, result: Result) -> None:
    """Send ``args.requests`` requests from ``args.concurrency`` threads, stopping at ``args.max_seconds``."""
    lock = threading.Lock()
    remaining = [args.requests]
    deadline = time.monotonic() + args.max_seconds

    def take() -> bool:
        with lock:
            if remaining[0] <= 0 or time.monotonic() > deadline:
                return False
            remaining[0] -= 1
            return True

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        while take():
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except OSError:
                ok = False
                connection.close()
            with lock:
                result.requests += 1
                result.errors += not ok
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started


def benchmark(name: str, args: argparse.Namespace, workdir: Path) -> Result:
    port = free_port()
    env = server_env(workdir, port, args.workers)
    process = subprocess.Popen(server_command(name, port), cwd=BASE_DIR, env=env)
    result = Result(server=name)
    try:
        wait_until_ready(port, args.path, process)
        if shutil.which("wrk") and not args.python_client:
            load_with_wrk(port, args.path, args, result)
        else:
            load_with_threads(port, args.path, args, result)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return result


def prepare(workdir: Path, args: argparse.Namespace) -> None:
    """Create the SQLite schema when the page under test needs tables."""
    if args.path == "/health/":
        return
    env = server_env(workdir, 0, args.workers)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)


def report(results: list[Result], args: argparse.Namespace) -> None:
    print(f"\nGET {args.path}  concurrency {args.concurrency}  workers {args.workers} (gunicorn)")
    columns = ("requests", "errors", "seconds", "req/s", "p50 ms", "p90 ms")
    print(f"{'server':<10} {'tool':<7} " + " ".join(f"{name:>9}" for name in columns))
    for result in results:
        if len(result.latencies_ms) >= 10:
            cuts = statistics.quantiles(result.latencies_ms, n=10)
            result.percentiles_ms.update({"50": cuts[4], "90": cuts[8]})
        p50, p90 = (f"{result.percentiles_ms[p]:.1f}" if p in result.percentiles_ms else "" for p in ("50", "90"))
        print(
            f"{result.server:<10} {result.tool:<7} {result.requests:>9} {result.errors:>9} "
            f"{result.seconds:>9.2f} {result.rate:>9.0f} {p50:>9} {p90:>9}"
        )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default="/health/", help="page to request (default /health/)")
    parser.add_argument("--servers", nargs="+", default=["gunicorn", "daphne"], choices=["gunicorn", "daphne"])
    parser.add_argument("--requests", type=int, default=3000, help="at most this many requests (Python client)")
    parser.add_argument("--max-seconds", type=float, default=15.0, help="at most this long per server")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--python-client", action="store_true", help="use the thread pool even if wrk exists")
    args = parser.parse_args()
    args.requests = max(1, min(args.requests, 1_000_000))
    args.max_seconds = max(1.0, min(args.max_seconds, 120.0))
    args.concurrency = max(1, min(args.concurrency, 256))
    return args


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="webox-bench-") as tmp:
        workdir = Path(tmp)
        prepare(workdir, args)
        results = [benchmark(name, args, workdir) for name in args.servers]
    report(results, args)


if __name__ == "__main__":
    main()

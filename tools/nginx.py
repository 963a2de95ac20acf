"""nginx on 127.0.0.1 with deploy/nginx.conf as shipped: used by the tests (tests/helpers.py) and by
`make bench`, so that both measure the configuration we ship. Only the address, the folders and the
security-headers file are adapted."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen | None = None, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError("server stopped: " + (proc.stderr.read().decode() if proc.stderr else "")) from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class Nginx:
    """The built site served by nginx on 127.0.0.1 with deploy/nginx.conf as shipped (only the address,
    the folders and the headers file adapted), stopped by the test session that started it."""

    def __init__(self, site: Path, headers_conf: Path, work: Path, port: int | None = None,
                 extra_headers: str = ""):
        self.root = Path(site)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        work.mkdir(parents=True, exist_ok=True)
        (work / "logs").mkdir(exist_ok=True)
        (work / "tmp").mkdir(exist_ok=True)
        snippet = work / "kln-security-headers.conf"
        snippet.write_text(headers_conf.read_text(encoding="utf-8") + extra_headers, encoding="utf-8")
        server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
        server = (server.replace("listen 80;", f"listen 127.0.0.1:{self.port};")
                        .replace("/var/www/krachtig-lerende-netwerken", str(self.root))
                        .replace("/etc/nginx/snippets/kln-security-headers.conf", str(snippet)))
        self.conf = work / "nginx.conf"
        self.conf.write_text(f"""
user root;
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/tmp;
    proxy_temp_path {work}/tmp;
    fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp;
    scgi_temp_path {work}/tmp;
    {server}
}}
""", encoding="utf-8")
        self.proc = subprocess.Popen([NGINX, "-c", str(self.conf), "-p", str(work)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_for(self.url, self.proc)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)

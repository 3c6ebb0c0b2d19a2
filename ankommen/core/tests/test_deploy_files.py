"""The production files of deploy/: nginx accepts its configuration, and the systemd
units start the three processes the README's production section names."""

import configparser
import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ankommen.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert, private = directory / "cert.pem", directory / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_production_configuration(tmp_path):
    cert, key = self_signed(tmp_path)
    site = (DEPLOY / "nginx" / "ankommen.conf").read_text(encoding="utf-8")
    live = "/etc/letsencrypt/live/ankommen.kreis-guetersloh.de/"
    site = (
        site.replace(live + "fullchain.pem", str(cert))
        .replace(live + "privkey.pem", str(key))
        .replace("/etc/nginx/ankommen-proxy.conf", str(DEPLOY / "nginx" / "ankommen-proxy.conf"))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ include {tmp_path}/site.conf; }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [shutil.which("nginx"), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def exec_start(unit: str) -> str:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(DEPLOY / "systemd" / unit, encoding="utf-8")
    return parser["Service"]["ExecStart"]


def test_the_app_unit_serves_with_the_checking_gunicorn_configuration():
    assert "-c python:ankommen.gunicorn_conf" in exec_start("ankommen.service")


def test_the_worker_unit_runs_the_worker():
    assert exec_start("ankommen-worker.service").endswith("ankommen worker")


def test_the_scheduler_unit_runs_the_scheduler():
    assert exec_start("ankommen-scheduler.service").endswith("ankommen scheduler")

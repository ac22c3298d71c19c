"""HTTPS for `mock-okta --https`: a local certificate authority and a certificate
for localhost, kept on disk, and a threaded TLS server.

Files (in `.mock-okta/tls/` beside the database by default):

* `ca.pem`: the authority to trust: `REQUESTS_CA_BUNDLE`, `SSL_CERT_FILE`,
  `NODE_EXTRA_CA_CERTS`, or a browser's certificate settings. It lasts ten years and
  survives restarts, so trusting it once is enough;
* `cert.pem` + `key.pem`: the server's certificate (SANs `localhost`, `127.0.0.1`,
  `::1`, plus the host the org is served or known as), re-issued by the same
  authority whenever a needed name is missing or it nears expiry.

Why not waitress: it has no TLS, and its single asyncore loop cannot use blocking
TLS sockets safely (a handshake in the accept loop stalls every client; TLS's
"want read" is not a condition it handles). Werkzeug's threaded server (a Flask
dependency already) runs each connection on its own thread; this module wraps the
socket there, after `accept()`, with timeouts, so a silent or plain-HTTP client
costs one thread for a few seconds and never blocks the others. HTTP mode keeps
waitress.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "::1")
HANDSHAKE_TIMEOUT = 10      # seconds a client has to finish the TLS handshake
IDLE_TIMEOUT = 30           # seconds an idle keep-alive connection is kept
_RENEW_BEFORE = datetime.timedelta(days=30)


@dataclass(frozen=True)
class TlsFiles:
    ca: Path
    cert: Path
    key: Path


def ensure_certificate(directory: Path, hosts: Iterable[str] = ()) -> TlsFiles:
    """Load the authority and certificate from `directory`, creating what is missing."""
    directory.mkdir(parents=True, exist_ok=True)
    names = list(dict.fromkeys([*DEFAULT_HOSTS, *(h for h in hosts if h)]))
    ca_key, ca_cert = _authority(directory)
    files = TlsFiles(directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
    if not _leaf_is_good(files, ca_cert, names):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _leaf(key, ca_key, ca_cert, names)
        _write(files.key, _pem_key(key), private=True)
        _write(files.cert, cert.public_bytes(serialization.Encoding.PEM)
               + ca_cert.public_bytes(serialization.Encoding.PEM))
    return files


def server_context(files: TlsFiles) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(files.cert, files.key)
    return context


def _authority(directory: Path):
    key_path, cert_path = directory / "ca-key.pem", directory / "ca.pem"
    if key_path.is_file() and cert_path.is_file():
        try:
            key = serialization.load_pem_private_key(key_path.read_bytes(), None)
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
            if cert.not_valid_after_utc - _RENEW_BEFORE > _now():
                return key, cert
        except ValueError:
            pass  # unreadable: make a new authority
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mock-okta local CA"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mock-okta (development)")])
    public = key.public_key()
    cert = (_builder(name, name, public, days=3650)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(key, hashes.SHA256()))
    _write(key_path, _pem_key(key), private=True)
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _leaf(key, ca_key, ca_cert, names: list[str]):
    public = key.public_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    sans = []
    for name in names:
        try:
            sans.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            sans.append(x509.DNSName(name))
    return (_builder(subject, ca_cert.subject, public, days=397)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=False,
                                         crl_sign=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))


def _leaf_is_good(files: TlsFiles, ca_cert, names: list[str]) -> bool:
    try:
        cert = x509.load_pem_x509_certificate(files.cert.read_bytes())
        key = serialization.load_pem_private_key(files.key.read_bytes(), None)
        sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return False
    have = {str(v) for v in sans.get_values_for_type(x509.DNSName)} | {
        str(v) for v in sans.get_values_for_type(x509.IPAddress)}
    wanted = {str(ipaddress.ip_address(n)) if _is_ip(n) else n for n in names}
    same_key = (cert.public_key().public_bytes(serialization.Encoding.DER,
                                                serialization.PublicFormat.SubjectPublicKeyInfo)
                == key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo))
    return (same_key and wanted <= have and cert.issuer == ca_cert.subject
            and cert.not_valid_after_utc - _RENEW_BEFORE > _now())


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _builder(subject, issuer, public, *, days: int) -> x509.CertificateBuilder:
    start = _now() - datetime.timedelta(minutes=5)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days)))


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _pem_key(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    temp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temp, path)


# --- serving ------------------------------------------------------------------

class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-") -> None:
        """Like waitress in HTTP mode: no line per request."""


class _TlsWsgiServer(ThreadedWSGIServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, app, context: ssl.SSLContext):
        super().__init__(host, port, app, handler=_QuietHandler)
        self.ssl_context = context  # the handler then reports wsgi.url_scheme "https"

    def finish_request(self, request, client_address) -> None:
        # On the connection's own thread: the accept loop never waits for a handshake.
        request.settimeout(HANDSHAKE_TIMEOUT)
        try:
            connection = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # not TLS, too slow, or gone: socketserver closes the socket
        try:
            connection.settimeout(IDLE_TIMEOUT)
            super().finish_request(connection, client_address)
        finally:
            connection.close()


class TlsServer:
    """The org over HTTPS on a background thread (tests) or the main thread (CLI)."""

    def __init__(self, app, files: TlsFiles, host: str = "127.0.0.1", port: int = 0):
        self._server = _TlsWsgiServer(host, port, app, server_context(files))
        self.files = files
        self.host = host
        self.port = int(self._server.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        self.url = f"https://{shown}:{self.port}"
        self._thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.2)

    def start(self) -> TlsServer:
        self._thread = threading.Thread(target=self.serve_forever, name=f"tls-{self.port}",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for a running serve_forever()
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def close(self) -> None:
        self._server.server_close()

    def __enter__(self) -> TlsServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

"""A local S3 over HTTP for tests: moto's ThreadedMotoServer, checking presigned URLs as S3 does.

moto takes any URL containing "Signature=" as validly signed and never looks at its expiry
(moto/s3/responses.py, 5.2). Real S3 refuses a URL whose signature does not match or whose
X-Amz-Date + X-Amz-Expires has passed; so the server gets that check in front, recomputing the
signature with botocore from the test credentials.
"""

import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from botocore.auth import SIGV4_TIMESTAMP, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto.server import ThreadedMotoServer

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "eu-central-1"


class PresignedUrlCheck:
    """WSGI middleware: refuses presigned requests that real S3 would refuse."""

    def __init__(self, app, *, credentials: Credentials):
        self.app = app
        self.credentials = credentials

    def __call__(self, environ, start_response):
        params = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if "X-Amz-Signature" in dict(params):
            refusal = self._refusal(environ, params)
            if refusal:
                body = f"<Error><Code>{refusal[0]}</Code><Message>{refusal[1]}</Message></Error>".encode()
                start_response("403 Forbidden", [("Content-Type", "application/xml")])
                return [body]
        return self.app(environ, start_response)

    def _refusal(self, environ, params: list[tuple[str, str]]) -> tuple[str, str] | None:
        given = dict(params)
        try:
            signed_at = datetime.strptime(given["X-Amz-Date"], SIGV4_TIMESTAMP).replace(tzinfo=UTC)
            expires = int(given["X-Amz-Expires"])
            region = given["X-Amz-Credential"].split("/")[2]
        except (KeyError, ValueError, IndexError):
            return "AuthorizationQueryParametersError", "Incomplete presigned URL"
        if datetime.now(UTC) > signed_at + timedelta(seconds=expires):
            return "AccessDenied", "Request has expired"
        # Sign the same request again, at the time and for the lifetime the URL states.
        path = environ.get("RAW_URI", environ["PATH_INFO"]).split("?", 1)[0]
        operation_params = [(key, value) for key, value in params if not key.startswith("X-Amz-")]
        url = f"http://{environ['HTTP_HOST']}{path}"
        if operation_params:
            url += "?" + urlencode(operation_params)
        request = AWSRequest(method=environ["REQUEST_METHOD"], url=url)
        request.context["timestamp"] = given["X-Amz-Date"]
        signer = S3SigV4QueryAuth(self.credentials, "s3", region, expires=expires)
        signer._modify_request_before_signing(request)
        expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
        if not hmac.compare_digest(expected, given["X-Amz-Signature"]):
            return "SignatureDoesNotMatch", "The request signature does not match"
        return None


def s3_server_start(*, port: int = 0) -> tuple[ThreadedMotoServer, str]:
    """Start the server on 127.0.0.1 (on a free port unless ``port`` is given, e.g. to restart
    a stopped one: its buckets live on in this process); returns it and its endpoint URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    # moto has no hook for middleware; the werkzeug server reads its app per request.
    server._server.app = PresignedUrlCheck(server._server.app, credentials=Credentials(ACCESS_KEY, SECRET_KEY))
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"

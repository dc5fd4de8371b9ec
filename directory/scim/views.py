"""/scim/v2/: one view that hands every request to scim2-server, after the token and
the rate limit, in one transaction, and logs it."""

import json
import logging
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from scim2_models import Error, PayloadTooLargeException, SCIMException, UnauthorizedException
from scim2_server.requests import ScimRequest
from scim2_server.responses import ScimResponse
from scim2_server.routing import Operation

from . import limits, log, tokens
from .service import HANDLER, SERVICE

logger = logging.getLogger(__name__)


@csrf_exempt
def endpoint(request, path=None):
    """Everything under /scim/v2/. Only the staff list can change here: no account,
    tick or permission is within reach of a token."""
    scim_request = ScimRequest(
        method=request.method,
        base_url=request.build_absolute_uri("/scim/v2"),
        path=(path or "/").removesuffix(".scim"),
        query=request.GET.dict(),
        headers=dict(request.headers),
    )
    try:
        scim_request.body = request.body
    except RequestDataTooBig:
        return as_http(SERVICE.error_response(PayloadTooLargeException(detail="Too large")))
    try:
        with transaction.atomic():
            response, token = serve(request, scim_request)
            log.record(scim_request, response.status, response.body, token)
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        # SQLite's write lock is held elsewhere (a long import): the provider retries.
        response = error_response(HTTPStatus.SERVICE_UNAVAILABLE, "Busy, try again", 30)
    return as_http(response)


def serve(request, scim_request) -> tuple[ScimResponse, object]:
    token = tokens.authenticate(request.headers.get("Authorization", ""))
    if token is not None:
        over = limits.exceeded(f"token:{token.pk}", settings.SCIM_REQUESTS_PER_MINUTE)
    else:
        address = request.META.get("REMOTE_ADDR", "")
        over = limits.exceeded(f"address:{address}", settings.SCIM_ANONYMOUS_PER_MINUTE)
    if over:
        message = "Too many requests: wait a minute"
        return error_response(HTTPStatus.TOO_MANY_REQUESTS, message, 60), token
    try:
        if token is None and not public(scim_request):
            raise UnauthorizedException(detail="A valid bearer token is needed")
        if token is not None:
            tokens.note_use(token)
        with transaction.atomic():  # whatever fails, leaves nothing behind
            return HANDLER.handle(scim_request), token
    except SCIMException as error:
        return SERVICE.error_response(error), token
    except OperationalError:
        raise
    except Exception:
        logger.exception("SCIM %s %s failed", scim_request.method, scim_request.path)
        return SERVICE.error_response(Exception()), token


def public(scim_request) -> bool:
    """Only the ServiceProviderConfig, which says how to authenticate, is for anyone."""
    try:
        return SERVICE.match(scim_request).operation is Operation.service_provider_config
    except SCIMException:
        return False


def error_response(status: HTTPStatus, detail: str, retry_after: int) -> ScimResponse:
    body = Error(status=status, detail=detail).model_dump()
    return ScimResponse(status, body, {"Retry-After": str(retry_after)})


def as_http(response: ScimResponse) -> HttpResponse:
    body = b"" if response.body is None else json.dumps(response.body).encode()
    http = HttpResponse(body, status=response.status)
    for name, value in response.headers.items():
        http[name] = value
    http["Cache-Control"] = "no-store"
    return http

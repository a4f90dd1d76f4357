"""Language choice: Simplified Chinese unless the person picked English in the switcher;
the request id and access log of every request (RequestIdMiddleware)."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from . import logging as platform_logging


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not consulted.

    The platform's users work in Chinese whatever language their browser or
    office PC happens to be set to; English is an explicit choice (the language
    switcher stores it in the language cookie).
    """

    def process_request(self, request):
        supported = dict(settings.LANGUAGES)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


#: an incoming X-Request-ID is kept only if it is a short plain token (a proxy's UUID, say)
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
access_log = logging.getLogger("liuyang.access")


class RequestIdMiddleware:
    """Every request gets an id: the proxy's X-Request-ID if it is a sane token, a new one
    otherwise. The id is bound for the request's log records (liuyang.logging), returned in
    the X-Request-ID response header, and ends one access line: method, path, status,
    duration, user id and request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = platform_logging.bind(request_id=request_id, path=request.path, request=request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            access_log.info(
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": platform_logging.user_id_of(request),
                },
            )
            return response
        finally:
            platform_logging.unbind(token)

"""Response and session hardening (等保2.0 三级; see docs/security.md).

``ContentSecurityPolicyMiddleware`` sends ``CONTENT_SECURITY_POLICY`` on every
response: scripts, styles, images and connections only from the platform
itself, no plug-ins, no framing. A view may send a different policy with
``csp_override`` (the API docs page, whose third-party viewer injects styles).

``IdleTimeoutMiddleware`` signs a person out after ``SESSION_IDLE_TIMEOUT``
minutes without a request. The last activity is kept in the session and written
at most once a minute, so ordinary browsing does not rewrite the session row on
every click.
"""

import base64
import hashlib
import re
import time
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

LAST_ACTIVITY_KEY = "_last_activity"
ACTIVITY_WRITE_EVERY = 60  # seconds


#: Pages rendered without static files (500, CSRF failure) carry one fixed inline stylesheet;
#: the policy allows exactly that stylesheet by its hash.
STANDALONE_TEMPLATE = "errors/standalone.html"


def inline_style_hashes(template_name=STANDALONE_TEMPLATE):
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        source = get_template(template_name).template.source
    except TemplateDoesNotExist:
        return []
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'"
        for block in re.findall(r"<style>(.*?)</style>", source, re.S)
    ]


def build_policy(directives):
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def platform_policy():
    directives = {name: list(sources) for name, sources in settings.CONTENT_SECURITY_POLICY.items()}
    directives.setdefault("style-src", ["'self'"]).extend(inline_style_hashes())
    return directives


def csp_override(**changes):
    """View decorator: this view's responses use the platform policy with ``changes`` (directive → sources)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            directives = platform_policy()
            directives.update({name.replace("_", "-"): sources for name, sources in changes.items()})
            response.headers["Content-Security-Policy"] = build_policy(directives)
            return response

        return wrapped

    return decorator


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = build_policy(platform_policy())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT * 60:
                return self._signed_out(request)
            if last is None or now - last > ACTIVITY_WRITE_EVERY:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    def _signed_out(self, request):
        request._idle_timeout = True  # the logout audit record says "timed out"
        logout(request)
        messages.warning(
            request,
            _("您已超过 %(minutes)d 分钟未操作，为保障安全已自动退出，请重新登录。")
            % {"minutes": settings.SESSION_IDLE_TIMEOUT},
        )
        if request.path.startswith("/api/"):
            # The API answers for itself: 401/403 for the now anonymous caller.
            return self.get_response(request)
        if request.headers.get("HX-Request") == "true":
            # htmx: reload the whole page at the login form, returning to the page the person was on.
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            page = (current.path + (f"?{current.query}" if current.query else "")) or "/"
            return HttpResponseClientRedirect(redirect_to_login(page)["Location"])
        return redirect_to_login(request.get_full_path())

"""Structured logs: one JSON object a line, each carrying the request (or Celery task) it belongs to.

``RequestIdMiddleware`` (liuyang.middleware) binds the request id, the request and its path
for the length of a request; the Celery signals below bind the task id (and the id of the
request that queued the task) for the length of a task. ``RequestContextFilter`` copies
them onto every record the console handler writes, and ``JsonFormatter`` writes the record
as JSON. ``LOG_FORMAT=text`` (the default with DEBUG) writes the same fields as plain text.
"""

import contextlib
import contextvars
import datetime
import json
import logging

from celery import signals
from django.utils.functional import empty

_context = contextvars.ContextVar("liuyang_log_context", default=None)

#: the fields every record gets (None outside a request or task)
CONTEXT_FIELDS = ("request_id", "user_id", "path", "task_id", "task")
#: attributes of a LogRecord that are not "extra" fields
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "log_context",
}


def bind(**values):
    """Add values to the current context; returns the token for ``unbind``."""
    return _context.set({**(_context.get() or {}), **values})


def unbind(token):
    _context.reset(token)


def current():
    """The context of the request or task being handled ({} outside one)."""
    return dict(_context.get() or {})


def current_request_id():
    return (_context.get() or {}).get("request_id")


def user_id_of(request):
    """The signed-in user's id, if authentication has already looked the user up (never a query)."""
    user = getattr(request, "user", None) if request is not None and "user" in vars(request) else None
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:  # the lazy user has not been looked up
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id, path, task_id and task to every record (None when unknown)."""

    def filter(self, record):
        context = _context.get() or {}
        request = context.get("request")
        for name in CONTEXT_FIELDS:
            if getattr(record, name, None) is None:
                setattr(record, name, context.get(name))
        if record.user_id is None and request is not None:
            record.user_id = user_id_of(request)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the context and any ``extra``."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and name not in CONTEXT_FIELDS and name not in entry:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For people reading a terminal: the usual line, with the request or task id in brackets."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(log_context)s] %(message)s")

    def format(self, record):
        record.log_context = getattr(record, "request_id", None) or getattr(record, "task_id", None) or "-"
        return super().format(record)


# -- Celery: a task logs with its own id, and with the id of the request that queued it ------------

_task_tokens = {}


@signals.before_task_publish.connect(weak=False)
def _send_request_id(headers=None, **kwargs):
    request_id = current_request_id()
    if request_id and headers is not None and "request_id" not in headers:
        headers["request_id"] = request_id


@signals.task_prerun.connect(weak=False)
def _bind_task(task_id=None, task=None, **kwargs):
    request_id = getattr(getattr(task, "request", None), "request_id", None)
    token = bind(
        task_id=task_id, task=getattr(task, "name", None), request_id=request_id or current_request_id()
    )
    _task_tokens[task_id] = token


@signals.task_postrun.connect(weak=False)
def _unbind_task(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        with contextlib.suppress(ValueError, RuntimeError):  # bound in another thread's context
            unbind(token)


@signals.setup_logging.connect(weak=False)
def _keep_django_logging(**kwargs):
    """The worker keeps Django's LOGGING (JSON with task ids) instead of its own root handler."""

"""The Redis cache, degrading to a miss while Redis is down.

Nothing the platform keeps in the cache is the only copy of anything, so a Redis outage must
not turn pages into errors: each call that cannot reach Redis logs a warning and answers as
Django's dummy cache does (``get`` its default, ``add``/``delete``/``has_key`` False, ``incr``
ValueError). After a failure the cache stays quiet (no connection attempts) for
``RETRY_AFTER`` seconds, so a Redis that drops packets costs one short timeout, not one per call.
Give the client short socket timeouts in OPTIONS (settings.CACHES does).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

#: what reaching Redis fails with: refused, reset, timed out (redis-py's own classes and the OS's)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


def _missing_key(args, kwargs):
    raise ValueError("Redis is unavailable: the key is treated as missing")


#: what each call answers while Redis is down: the answer of an empty cache
MISSED = {
    "add": lambda args, kwargs: False,
    "get": lambda args, kwargs: args[1] if len(args) > 1 else kwargs.get("default"),
    "set": lambda args, kwargs: None,
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    "incr": _missing_key,
    "set_many": lambda args, kwargs: list(args[0]) if args else list(kwargs.get("data", ())),
    "delete_many": lambda args, kwargs: None,
    "clear": lambda args, kwargs: False,
}


def _degrading(name, missed):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return missed(args, kwargs)
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            self._down_until = time.monotonic() + self.RETRY_AFTER
            log.warning(
                "cache: Redis unavailable (%s: %s); %s treated as a miss", type(exc).__name__, exc, name
            )
            return missed(args, kwargs)

    return wrapper


class DegradingRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that answers as an empty cache while Redis is down."""

    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0


for _name, _missed in MISSED.items():
    setattr(DegradingRedisCache, _name, _degrading(_name, _missed))

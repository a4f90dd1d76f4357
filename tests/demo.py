"""Loading the whole demo once for a test module, rolled back at the end.

The demo takes tens of seconds to load, so a module's tests share one load: a
module-scoped fixture calls ``demo_loaded`` and yields what it gives; each test
then runs in a savepoint within that transaction, as usual. Files go to a
temporary MEDIA_ROOT; passwords use a fast hasher.
"""

from contextlib import contextmanager

from django.db import transaction
from django.test.utils import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def demo_loaded(django_db_blocker, tmp_path_factory, load, media_name="demo-media"):
    """Run ``load()`` inside a transaction rolled back on exit; yield (its result, the media root)."""
    media = tmp_path_factory.mktemp(media_name)
    overrides = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHER)
    with django_db_blocker.unblock(), overrides, transaction.atomic():
        yield load(), media
        transaction.set_rollback(True)

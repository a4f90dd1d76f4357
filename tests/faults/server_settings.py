"""The site's settings for a server process started by a fault test: production settings, but
static files from the source folders (no collectstatic), as the test client has them."""

from liuyang.settings import *  # noqa: F403
from liuyang.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

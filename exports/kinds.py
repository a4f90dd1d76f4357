"""Every export the platform offers, registered on import (``ExportsConfig.ready``)."""

import projects.exports  # noqa: F401

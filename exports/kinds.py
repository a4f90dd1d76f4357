"""Every export the platform offers, registered on import (``ExportsConfig.ready``)."""

import approvals.exports  # noqa: F401
import assessment.exports  # noqa: F401
import exports.leadership  # noqa: F401
import investment.exports  # noqa: F401
import issues.exports  # noqa: F401
import notifications.exports  # noqa: F401
import projects.exports  # noqa: F401
import reserve.exports  # noqa: F401

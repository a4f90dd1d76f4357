from liuyang.policies import require  # noqa: F401

from liuyang.policies import ObjectPolicy, register

from .models import Unit, User


@register
class UnitPolicy(ObjectPolicy):
    """Units are the office's to maintain; everyone with a role reads them."""

    model = Unit


@register
class UserPolicy(ObjectPolicy):
    """People are managed by the office (and superusers)."""

    model = User

from liuyang.api.permissions import PolicyPermission
from reserve.choices import RoundStatus
from reserve.models import EvaluationRound


class ScorePermission(PolicyPermission):
    """Scores: everyone with a role may list (the viewset narrows the rows); only evaluators
    named in a round still scoring may post. ``services.record_scores`` then checks that the
    round of the scored project is one of theirs."""

    def has_permission(self, request, view):
        if request.method != "POST":
            return super().has_permission(request, view)
        user = request.user
        if not user or not user.is_authenticated or not self._policy(view).can_view(user):
            return False
        return EvaluationRound.objects.filter(status=RoundStatus.SCORING, evaluators=user).exists()

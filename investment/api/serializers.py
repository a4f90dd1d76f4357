"""What the investment API returns, and the office-kept records it writes (chains, links, funds,
fund investments). Leads and element requests change only through ``investment.services``
(the bodies of their create and actions are in ``inputs.py``)."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
    LeadJournal,
)
from ..services import funds as fund_services


def display_of(field):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


def name_of(source):
    return serializers.CharField(source=source, read_only=True, allow_null=True)


class ModelCleanMixin:
    """Run the model's own ``clean`` on the instance as it would be saved (400 keyed by field)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance or self.Meta.model()
        candidate = self.Meta.model(**{**self._current(instance), **attrs})
        candidate.pk = instance.pk
        try:
            candidate.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs

    def _current(self, instance):
        return {
            field.name: getattr(instance, field.name)
            for field in self.Meta.model._meta.concrete_fields
            if not field.primary_key and getattr(instance, field.attname, None) is not None
        }


class ChainLinkSerializer(serializers.ModelSerializer):
    """A link (环节) of a chain: position, local status, local enterprises (one a line)."""

    position_display = display_of("position")
    status_display = display_of("status")
    chain_name = name_of("chain.name")

    class Meta:
        model = ChainLink
        fields = [
            "id",
            "chain",
            "chain_name",
            "name",
            "position",
            "position_display",
            "status",
            "status_display",
            "local_enterprises",
            "sort_order",
        ]


class NestedLinkSerializer(ChainLinkSerializer):
    class Meta(ChainLinkSerializer.Meta):
        fields = [name for name in ChainLinkSerializer.Meta.fields if name not in ("chain", "chain_name")]


class IndustryChainSerializer(serializers.ModelSerializer):
    """An industrial chain (产业链) with its links, read-only here (edit them at ``chain-links``)."""

    industry_name = name_of("industry.name")
    links = NestedLinkSerializer(many=True, read_only=True)

    class Meta:
        model = IndustryChain
        fields = ["id", "name", "industry", "industry_name", "description", "sort_order", "links"]


class InvestmentTeamSerializer(serializers.ModelSerializer):
    leader_name = name_of("leader.display_name")

    class Meta:
        model = InvestmentTeam
        fields = ["id", "name", "leader", "leader_name", "members", "focus"]
        read_only_fields = fields


class InvestmentLeadSerializer(serializers.ModelSerializer):
    """A lead: target company, region, link, mode, team and owner, intended investment (万元), stage."""

    region_display = display_of("region")
    mode_display = display_of("mode")
    stage_display = display_of("stage")
    team_name = name_of("team.name")
    owner_name = name_of("owner.display_name")
    link_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = InvestmentLead
        fields = [
            "id",
            "company",
            "region",
            "region_display",
            "link",
            "link_name",
            "mode",
            "mode_display",
            "team",
            "team_name",
            "owner",
            "owner_name",
            "project_name",
            "intended_investment",
            "stage",
            "stage_display",
            "drop_reason",
            "next_step",
            "next_step_due",
            "overdue",
            "contact_person",
            "project",
            "signed_on",
            "landed_on",
            "created_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_link_name(self, lead):
        return f"{lead.link.chain.name} · {lead.link.name}" if lead.link_id else None

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, lead):
        from ..selectors import is_overdue

        return is_overdue(lead, self.context["today"])


class LeadJournalSerializer(serializers.ModelSerializer):
    kind_display = display_of("kind")
    way_display = display_of("way")
    actor_name = name_of("actor.display_name")

    class Meta:
        model = LeadJournal
        fields = [
            "id",
            "lead",
            "kind",
            "kind_display",
            "way",
            "way_display",
            "on",
            "text",
            "from_stage",
            "to_stage",
            "actor",
            "actor_name",
            "at",
        ]
        read_only_fields = fields


class FundSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """A guidance fund with its figures: invested (万元), investments and listed (counts), leverage."""

    kind_display = display_of("kind")
    invested = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    investments = serializers.IntegerField(source="investment_count", read_only=True)
    listed = serializers.IntegerField(source="listed_count", read_only=True)
    leverage = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "parent",
            "size",
            "government_amount",
            "partner",
            "focus_industries",
            "committed",
            "paid_in",
            "established_on",
            "invested",
            "investments",
            "listed",
            "leverage",
        ]

    def _current(self, instance):
        values = super()._current(instance)
        values.pop("focus_industries", None)
        return values

    def validate(self, attrs):
        industries = attrs.pop("focus_industries", None)
        attrs = super().validate(attrs)
        if industries is not None:
            attrs["focus_industries"] = industries
        return attrs

    @extend_schema_field(serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True))
    def get_leverage(self, fund):
        value = fund_services.leverage(fund)
        return None if value is None else str(Decimal(value))


class FundInvestmentSerializer(ModelCleanMixin, serializers.ModelSerializer):
    status_display = display_of("status")
    board_display = display_of("board")
    fund_name = name_of("fund.name")

    class Meta:
        model = FundInvestment
        fields = [
            "id",
            "fund",
            "fund_name",
            "company",
            "amount",
            "invested_on",
            "status",
            "status_display",
            "board",
            "board_display",
            "listed_on",
            "exited_on",
            "project",
            "note",
        ]


class ElementRequestSerializer(serializers.ModelSerializer):
    kind_display = display_of("kind")
    status_display = display_of("status")
    benefit_display = display_of("benefit")
    project_code = name_of("project.code")
    project_name = name_of("project.name")
    responsible_unit_name = name_of("responsible_unit.name")

    class Meta:
        model = ElementRequest
        fields = [
            "id",
            "project",
            "project_code",
            "project_name",
            "kind",
            "kind_display",
            "title",
            "detail",
            "land_area",
            "standard_land",
            "bank",
            "amount",
            "benefit",
            "benefit_display",
            "headcount",
            "responsible_unit",
            "responsible_unit_name",
            "deadline",
            "status",
            "status_display",
            "result",
            "requested_by",
            "requested_on",
            "done_on",
        ]
        read_only_fields = fields

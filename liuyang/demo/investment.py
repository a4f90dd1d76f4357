"""The demo's 精准招商: the industry map, the teams, the leads, the guidance funds, the element guarantees.

- **The map** (``investment_map.py``) and **the teams** (``investment_leads.TEAMS``) are the
  office's reference data, kept in the admin: saved here through their models, validated,
  each with a history record "演示数据初始化".
- **The leads** (``investment_leads.py``) are replayed through ``investment.services.leads``
  on their past dates, in date order: recorded, contacted, advanced, dropped with a reason,
  signed, landed. Two of them sign into new reserve-pool projects through ``leads.sign``
  (the office signs: it fills the project's code, type, unit and tier, then the entry's time
  nodes and goals, and sets up the task force, one project one task force); the seed's two
  landed parks (精密制造产业园, 数字经济产业园) were key projects before the platform kept
  their leads, so ``sign_existing`` links each lead to its project as the signing (journal
  and history kept) instead of creating a second project.
- **The funds**: the 100亿 mother fund; the seed's 5亿 electronics sub-fund with a Shenzhen
  investor and its three investments, one listed on the 科创板; the digital park's 10亿
  digital-economy sub-fund (Huawei's park), in ``investment_map.py``. Reference data like
  the map.
- **Element guarantees** (土地 标准地, 融资 政银企对接, 人才 人才新政20条; ``investment_elements.py``)
  for the seed's projects, raised by their service commissioners through ``investment.services.elements``
  and handled by the responsible department or the office: some done, some in progress,
  one past its deadline.

Natural keys: a chain's name, a link's (chain, name), a team's name, a lead's (company,
project name), a fund's name, an investment's (fund, company), an element request's
(project, title). What exists is skipped with all its steps, so a second run writes nothing.
"""

import datetime
import zoneinfo
from collections import Counter
from decimal import Decimal

from django.db import transaction

from accounts.choices import UnitKind
from accounts.models import Unit
from investment.choices import (
    JournalKind,
    LeadStage,
)
from investment.models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
    LeadJournal,
)
from investment.services import elements, leads
from projects.choices import MeetingFrequency
from projects.models import Industry, Project, TaskForce, TaskForceMember
from reserve import services as reserve_services
from reserve.models import ReserveEntry

from .investment_elements import DONE, ELEMENTS, WAITING
from .investment_leads import LEADS, TEAMS
from .investment_map import CHAINS, FUNDS, INVESTMENTS
from .task_forces import DEVELOPMENT, ENVIRONMENT, LAND, LIAISON, task_force_name

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
REASON = "演示数据初始化"
MODELS = [
    IndustryChain,
    ChainLink,
    InvestmentTeam,
    InvestmentLead,
    LeadJournal,
    Fund,
    FundInvestment,
    ElementRequest,
    Project,
    ReserveEntry,
    TaskForce,
    TaskForceMember,
]


def moment(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def _save(obj, reason=REASON):
    obj.full_clean()
    obj._change_reason = reason
    obj.save()
    return obj


# -- the map and the teams ----------------------------------------------------------------------


def load_map():
    """Chains and links, by name; returns {(chain, link): ChainLink}."""
    industries = {i.name: i for i in Industry.objects.all()}
    links = {}
    for order, (name, (industry, description, chain_links)) in enumerate(CHAINS.items(), start=1):
        chain = IndustryChain.objects.filter(name=name).first() or _save(
            IndustryChain(
                name=name, industry=industries.get(industry), description=description, sort_order=order
            )
        )
        existing = {link.name: link for link in chain.links.all()}
        for n, (link_name, position, status, enterprises) in enumerate(chain_links, start=1):
            link = existing.get(link_name) or _save(
                ChainLink(
                    chain=chain,
                    name=link_name,
                    position=position,
                    status=status,
                    local_enterprises="\n".join(enterprises),
                    sort_order=n,
                )
            )
            links[name, link_name] = link
    return links


def load_teams(users):
    teams = {}
    for name, (leader, members, focus) in TEAMS.items():
        team = InvestmentTeam.objects.filter(name=name).first()
        if team is None:
            team = _save(InvestmentTeam(name=name, leader=users[leader], focus=focus))
            # Members only on creation: the office's later changes to a team stay.
            team.members.add(*(users[username] for username in members))
        teams[name] = team
    return teams


# -- the leads ----------------------------------------------------------------------------------


@transaction.atomic
def sign_existing(user, lead, project, *, signed_on, at):
    """签约 for a lead whose project was a key project before the platform kept the lead.

    ``leads.sign`` creates the project and enters it into the pool; the seed's parks are
    in the demo's project list already, so the lead is linked to the project it became,
    with the same journal entry and a history record of its own.
    """
    lead = InvestmentLead.objects.select_for_update().get(pk=lead.pk)
    if lead.stage != LeadStage.NEGOTIATION:  # pragma: no cover - the data above is in order
        raise ValueError(f"{lead} is not in negotiation")
    lead.stage, lead.project, lead.signed_on = LeadStage.SIGNED, project, signed_on
    lead.next_step, lead.next_step_due = "", None
    lead.version += 1
    _save(lead, "签约（关联已有重点项目）")
    LeadJournal.objects.create(
        lead=lead,
        kind=JournalKind.SIGNED,
        actor=user,
        at=at,
        on=signed_on,
        text=f"签约，关联重点项目 {project.code} {project.name}。",
        from_stage=LeadStage.NEGOTIATION,
        to_stage=LeadStage.SIGNED,
    )
    return lead


def task_force_for(project, users, leader):
    """One project, one task force: the new pool project's, as the office sets it up after signing."""
    task_force = _save(
        TaskForce(
            project=project,
            name=task_force_name(project.name),
            leader=users[leader],
            meeting_frequency=MeetingFrequency.WEEKLY,
            meeting_weekday=3,
        )
    )
    for username, duty in [
        ("taskforce", LIAISON),
        ("tf_land", LAND),
        ("tf_env", ENVIRONMENT),
        ("tf_dev", DEVELOPMENT),
    ]:
        user = users[username]
        _save(TaskForceMember(task_force=task_force, user=user, duty=duty, unit=user.unit))
    return task_force


class LeadReplay:
    def __init__(self, users, teams, links):
        self.users, self.teams, self.links = users, teams, links
        self.office = users["office"]

    def events(self):
        """Every step of the leads not recorded yet, as (moment, n, call), in date order."""
        existing = set(InvestmentLead.objects.values_list("company", "project_name"))
        projects = {p.name: p for p in Project.objects.filter(name__in={s.existing_project for s in LEADS})}
        events = []
        for spec in LEADS:
            if (spec.company, spec.project_name) in existing:
                continue
            if spec.existing_project:
                project = projects.get(spec.existing_project)
                if project is None or InvestmentLead.objects.filter(project=project).exists():
                    continue  # the office removed the project, or linked it to another lead
            box = {}
            events.append((moment(spec.created, 9), len(events), self._creator(spec, box)))
            for step in spec.steps:
                events.append((moment(step.day, step.hour), len(events), self._stepper(spec, step, box)))
        events.sort(key=lambda event: event[:2])
        return events

    def _creator(self, spec, box):
        def call():
            owner = self.users[spec.owner]
            box["lead"] = leads.create(
                owner,
                company=spec.company,
                region=spec.region,
                link=self.links[spec.chain, spec.link],
                mode=spec.mode,
                team=self.teams[spec.team],
                owner=owner,
                project_name=spec.project_name,
                intended_investment=Decimal(spec.amount),
                contact_person=spec.contact_person,
                at=moment(spec.created, 9),
            )

        return call

    def _stepper(self, spec, step, box):
        def call():
            lead, at = box["lead"], moment(step.day, step.hour)
            user = self.users[step.actor or spec.owner]
            if step.kind == "contact":
                lead = leads.record_contact(
                    user,
                    lead,
                    way=step.way,
                    text=step.text,
                    next_step=step.next_step,
                    next_step_due=step.due,
                    at=at,
                )
            elif step.kind == "advance":
                lead = leads.advance(
                    user, lead, note=step.text, next_step=step.next_step, next_step_due=step.due, at=at
                )
            elif step.kind == "drop":
                lead = leads.drop(user, lead, reason=step.text, at=at)
            elif step.kind == "sign":
                lead = self._sign(user, lead, spec.signing, step.day, at)
            elif step.kind == "sign_existing":
                project = Project.objects.get(name=spec.existing_project)
                lead = sign_existing(user, lead, project, signed_on=step.day, at=at)
            elif step.kind == "land":
                lead = leads.land(user, lead, landed_on=step.day, note=step.text, at=at)
            else:  # pragma: no cover - a typo in the data
                raise ValueError(step.kind)
            box["lead"] = lead

        return call

    def _sign(self, user, lead, signing, day, at):
        lead = leads.sign(
            user,
            lead,
            code=leads.suggested_code(day.year),
            project_type=signing.project_type,
            industry=Industry.objects.get(name=signing.industry),
            town=Unit.objects.get(name=signing.town, kind=UnitKind.TOWN),
            responsible_unit=Unit.objects.get(name=signing.unit),
            responsible_person=signing.person,
            tier=signing.tier,
            signed_on=day,
            at=at,
        )
        reserve_services.update_entry(
            lead.project.reserve_entry,
            actor=user,
            reason="签约项目补充储备时间节点和预期目标",
            time_nodes=signing.time_nodes,
            expected_goals=signing.goals,
        )
        task_force_for(lead.project, self.users, "leader" if signing.industry == "先进制造" else "leader2")
        return lead

    def load(self):
        for _at, _n, call in self.events():
            call()


# -- the funds ----------------------------------------------------------------------------------


def load_funds():
    industries = {i.name: i for i in Industry.objects.all()}
    funds = {}
    for name, spec in FUNDS.items():
        fund = Fund.objects.filter(name=name).first()
        if fund is None:
            fields = {k: v for k, v in spec.items() if k not in ("focus", "parent")}
            fund = _save(Fund(name=name, parent=funds.get(spec.get("parent")), **fields))
            fund.focus_industries.add(*(industries[i] for i in spec["focus"] if i in industries))
        funds[name] = fund
    projects = {p.name: p for p in Project.objects.filter(name__in={row[7] for row in INVESTMENTS if row[7]})}
    for fund_name, company, amount, on, status, board, listed_on, project, note in INVESTMENTS:
        fund = funds[fund_name]
        if FundInvestment.objects.filter(fund=fund, company=company).exists():
            continue
        _save(
            FundInvestment(
                fund=fund,
                company=company,
                amount=Decimal(amount),
                invested_on=on,
                status=status,
                board=board,
                listed_on=listed_on,
                project=projects.get(project),
                note=note,
            )
        )
    return funds


# -- element guarantees -------------------------------------------------------------------------


def load_elements(users):
    projects = {p.name: p for p in Project.objects.filter(name__in={row[0] for row in ELEMENTS})}
    unit_by_name = {u.name: u for u in Unit.objects.filter(name__in={row[4] for row in ELEMENTS})}
    for name, kind, title, specifics, unit, raiser, raised_on, deadline, outcome in ELEMENTS:
        project = projects.get(name)
        if project is None or ElementRequest.objects.filter(project=project, title=title).exists():
            continue
        request = elements.raise_request(
            users[raiser],
            project,
            kind=kind,
            title=title,
            responsible_unit=unit_by_name[unit],
            deadline=deadline,
            at=moment(raised_on),
            **specifics,
        )
        state, handler, done_on, result = outcome
        if state == WAITING:
            continue
        request = elements.take_up(users[handler], request)
        if state == DONE:
            elements.close(users[handler], request, guaranteed=True, result=result, at=moment(done_on, 16))


def load_investment(users):
    """The map, teams, leads, funds and element guarantees; a Counter of the rows created, by model."""
    before = {model: model.objects.count() for model in MODELS}
    links = load_map()
    teams = load_teams(users)
    LeadReplay(users, teams, links).load()
    load_funds()
    load_elements(users)
    created = Counter()
    for model in MODELS:
        added = model.objects.count() - before[model]
        if added > 0:
            created[model] = added
    return created

"""liuyang.history.history_for: who changed what and when, field by field, in words people read
(choice labels, related objects' names, policy-tag labels) rather than codes and ids."""

import datetime

import pytest

from accounts.roles import Role
from liuyang.history import history_for
from projects.models import Project
from tests.factories import IndustryFactory, ProjectFactory, TownFactory, UserFactory
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db


def edit(obj, user=None, reason=None, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    if user is not None:
        obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.save()
    return obj


def changes_of(entry):
    return {c.field: (c.label, c.old, c.new) for c in entry.changes}


def test_history_names_who_when_why_and_the_action():
    editor = UserFactory(roles=[Role.KEY_OFFICE], full_name="重点办李科员")
    project = ProjectFactory()
    edit(project, user=editor, reason="年度计划调整", name="新名称")
    latest, created = history_for(project)
    assert latest.user == editor
    assert latest.reason == "年度计划调整"
    assert (latest.action, latest.action_code) == ("修改", "~")
    assert (created.action, created.action_code) == ("创建", "+")
    record = project.history.latest()
    assert latest.when == record.history_date
    assert timezone_name(latest.when) == "Asia/Shanghai"


def timezone_name(value):
    from django.utils import timezone

    return str(timezone.localtime(value).tzinfo)


def test_choice_fields_show_their_labels():
    project = ProjectFactory(stage="preparation", project_type="industrial")
    edit(project, stage="construction", project_type="infrastructure")
    changes = changes_of(history_for(project)[0])
    assert changes["stage"] == ("项目阶段", "前期", "在建")
    assert changes["project_type"] == ("项目类型", "产业项目", "基础设施")


def test_foreign_keys_show_the_related_objects_names():
    old_town, new_town = TownFactory(name="淮川街道"), TownFactory(name="大围山镇")
    old_industry, new_industry = IndustryFactory(name="花炮"), IndustryFactory(name="文旅康养")
    project = ProjectFactory(town=old_town, industry=old_industry)
    edit(project, town=new_town, industry=new_industry)
    changes = changes_of(history_for(project)[0])
    assert changes["town"] == ("所在乡镇/街道", "淮川街道", "大围山镇")
    assert changes["industry"] == ("所属产业", "花炮", "文旅康养")


def test_a_related_object_that_is_gone_shows_its_id():
    commissioner = UserFactory(roles=[Role.SERVICE_COMMISSIONER], full_name="服务专员甲")
    project = ProjectFactory(service_commissioner=commissioner)
    edit(project, name="改名后")
    gone = commissioner.pk
    commissioner.delete()
    creation = history_for(project)[-1]
    assert changes_of(creation)["service_commissioner"] == ("项目服务专员", "—", f"#{gone}")


def test_policy_tags_show_their_labels_joined():
    project = ProjectFactory(policy_tags=[])
    edit(project, policy_tags=["national_14th_fyp", "provincial_key"])
    edit(project, policy_tags=["provincial_key"])
    latest, previous, _ = history_for(project)
    assert changes_of(previous)["policy_tags"] == ("政策契合", "—", '国家"十四五"规划、省重点项目')
    assert changes_of(latest)["policy_tags"] == ("政策契合", '国家"十四五"规划、省重点项目', "省重点项目")


def test_an_unknown_policy_tag_code_is_shown_as_it_is():
    project = ProjectFactory(policy_tags=[])
    edit(project, policy_tags=["retired_tag"])  # model.save does not validate: old data may hold such codes
    assert changes_of(history_for(project)[0])["policy_tags"][2] == "retired_tag"


def test_booleans_show_yes_and_no():
    industry = IndustryFactory(is_active=True)
    edit(industry, is_active=False)
    assert changes_of(history_for(industry)[0])["is_active"] == ("启用", "是", "否")


def test_only_changed_fields_are_listed_and_bookkeeping_fields_never():
    project = ProjectFactory(planned_start=datetime.date(2025, 3, 1))
    edit(project, planned_start=datetime.date(2025, 4, 1))
    changes = changes_of(history_for(project)[0])
    assert changes == {"planned_start": ("计划开工日期", "2025-03-01", "2025-04-01")}
    creation = changes_of(history_for(project)[1])
    assert not {"version", "updated_at", "created_at", "id"} & set(creation)


def test_creation_lists_the_filled_fields_without_old_values():
    project = ProjectFactory(responsible_phone="", expected_jobs=None)
    (created,) = history_for(project)
    changes = changes_of(created)
    assert changes["name"] == ("项目名称", "—", project.name)
    assert changes["total_investment"][1:] == ("—", "50000.00")
    assert "responsible_phone" not in changes and "expected_jobs" not in changes


def test_deletion_is_an_entry_without_field_changes():
    office = UserFactory(roles=[Role.KEY_OFFICE])
    project = ProjectFactory()
    project._history_user = office
    pk = project.pk
    project.delete()
    project.pk = pk  # delete() forgets the primary key; the history keeps it
    deleted = history_for(project)[0]
    assert (deleted.action, deleted.user, deleted.changes) == ("删除", office, [])


def test_limit_keeps_the_newest_and_still_knows_the_old_values():
    project = ProjectFactory(name="第0版")
    for n in range(1, 5):
        edit(project, name=f"第{n}版")
    entries = history_for(project, limit=2)
    assert [changes_of(e)["name"][1:] for e in entries] == [("第3版", "第4版"), ("第2版", "第3版")]


def test_history_for_query_count_does_not_grow_with_records():
    project = ProjectFactory(service_commissioner=UserFactory(roles=[Role.SERVICE_COMMISSIONER]))
    editors = [UserFactory() for _ in range(3)]

    def grow(n):
        while project.history.count() < n:
            edit(
                project,
                user=editors[project.history.count() % 3],
                industry=IndustryFactory(),
                town=TownFactory(),
            )

    # records (with their users), then one query each for industries, units and users
    assert_num_queries_stable(lambda: history_for(project), grow, sizes=(2, 12), expected=4)


def test_project_model_has_labels_for_every_policy_tag():
    from projects.choices import PolicyTag

    assert set(Project.history_labels["policy_tags"]) == set(PolicyTag.values)

"""等保2.0 三级 身份鉴别: password length and complexity, in Chinese; the change time is recorded."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from liuyang.demo.people import DEMO_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def messages_for(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_the_demo_password_passes():
    assert messages_for(DEMO_PASSWORD) == []


@pytest.mark.parametrize(
    "password, expected",
    [
        pytest.param("Ab1@xyz", "至少需要 10 个字符", id="too-short"),
        pytest.param("abcdefghijk", "至少 3 类", id="one-class"),
        pytest.param("abcdefgh1234", "至少 3 类", id="two-classes"),
        pytest.param("12345678901", "只包含数字", id="digits-only"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, expected):
    found = messages_for(password)
    assert any(expected in message for message in found), found


def test_three_classes_of_four_are_enough():
    assert messages_for("liuyang#2026x") == []  # lower, symbol, digit
    assert messages_for("LIUYANG2026xx") == []  # upper, digit, lower


def test_setting_a_password_records_when():
    user = UserFactory()
    assert user.password_changed_at is None
    before = timezone.now()
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.refresh_from_db()
    assert user.password_changed_at >= before

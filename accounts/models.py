from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import UnitKind


class Unit(models.Model):
    """A unit (单位): leadership, the key-project office, a department, a town/street or an enterprise."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(
        _("代码"), max_length=30, blank=True, help_text=_("乡镇/街道填行政区划代码，企业填统一社会信用代码")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["kind", "sort_order", "name"]

    def __str__(self):
        return self.short_name or self.name


class User(AbstractUser):
    """A person who signs in. Roles are groups (see ``accounts.roles``)."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所在单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "password_changed_at"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self):
        return str(self)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED = "locked", _("账号锁定")
    UNLOCKED = "unlocked", _("解除锁定")
    LOGOUT = "logout", _("退出登录")
    IDLE_TIMEOUT = "idle_timeout", _("超时退出")
    PASSWORD_CHANGED = "password_changed", _("修改密码")
    ROLES_CHANGED = "roles_changed", _("角色变更")


class AppendOnlyQuerySet(models.QuerySet):
    """Audit rows are written once: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise PermissionDenied(_("安全审计记录不可修改。"))

    def delete(self):
        raise PermissionDenied(_("安全审计记录不可删除。"))


class SecurityEvent(models.Model):
    """One security audit record (登录、失败、锁定、退出、角色变更…): append-only.

    Neither the admin nor the API offers change or delete; ``save`` refuses to
    update a stored row and ``delete`` refuses outright. Kept at least
    ``AUDIT_RETENTION_DAYS`` (see ``accounts.signals``).
    """

    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True, editable=False)
    kind = models.CharField(_("事件"), max_length=20, choices=SecurityEventKind.choices, editable=False)
    username = models.CharField(_("用户名"), max_length=150, db_index=True, editable=False)
    # Plain names, not foreign keys: the record outlives the account and never changes with it.
    actor = models.CharField(_("操作人"), max_length=150, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True, editable=False)
    detail = models.CharField(_("说明"), max_length=500, blank=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied(_("安全审计记录不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("安全审计记录不可删除。"))


class LoginLock(models.Model):
    """Failed sign-ins of one username in the current window, and the lock they led to."""

    username = models.CharField(_("用户名"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("连续失败次数"), default=0)
    first_failure_at = models.DateTimeField(_("首次失败时间"), null=True, blank=True)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录锁定")
        verbose_name_plural = _("登录锁定")
        ordering = ["-locked_until", "username"]

    def __str__(self):
        return self.username

    @property
    def is_locked(self):
        return self.locked_until is not None and self.locked_until > timezone.now()

"""Pages of the weekly dispatch digest (每周调度简报): the list a user may see, one digest, its .xlsx.

Who sees a digest: the task force's members and its leader, the key-project
office and city leaders. Anyone else gets 404 (the digest's existence is not
revealed). The page shows the stored content: what was sent, not today's figures.
"""

import io

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views import View
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from accounts.roles import Role
from liuyang.policies import policy_for
from reserve.excel.columns import neutralise

from .models import WeeklyDigest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READ_ALL = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})


def visible_digests(user):
    """The digests ``user`` may read (issues.policies.WeeklyDigestPolicy)."""
    digests = WeeklyDigest.objects.select_related("task_force__project", "task_force__leader")
    return policy_for(WeeklyDigest).viewable(user, digests)


def _digest(request, pk):
    digest = visible_digests(request.user).filter(pk=pk).first()
    if digest is None:
        raise Http404(_("没有这份简报，或您无权查看。"))
    return digest


class DigestListView(LoginRequiredMixin, View):
    def get(self, request):
        page = Paginator(
            visible_digests(request.user).order_by("-week_start", "task_force__project__code"), 50
        )
        return render(
            request,
            "issues/digests/digest_list.html",
            {"page": page.get_page(request.GET.get("page")), "paginator": page},
        )


class DigestDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        digest = _digest(request, pk)
        return render(request, "issues/digests/digest_detail.html", {"digest": digest, "c": digest.content})


class DigestXlsxView(LoginRequiredMixin, View):
    def get(self, request, pk):
        digest = _digest(request, pk)
        response = HttpResponse(digest_workbook(digest), content_type=XLSX)
        filename = _("每周调度简报_%(project)s_%(year)s-W%(week)02d.xlsx") % {
            "project": digest.content.get("project", {}).get("code", digest.task_force_id),
            "year": digest.iso_year,
            "week": digest.iso_week,
        }
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
        response["Cache-Control"] = "private, no-store"
        return response


# -- the workbook ----------------------------------------------------------------------------

TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LATE_FILL = PatternFill("solid", fgColor="F8D7DA")
WRAP = Alignment(wrap_text=True, vertical="top")


def _yes(flag):
    return _("是") if flag else ""


def _sections(content):
    """(sheet title, [(header, width, key or function)], rows) for each part of the digest."""
    issues, approvals = content.get("issues", {}), content.get("approvals", {})
    milestones = content.get("milestones", {})
    return [
        (
            _("进度填报"),
            [
                (_("期间"), 26, "period"),
                (_("状态"), 10, "status"),
                (_("本期完成投资（万元）"), 16, lambda r: float(r["completed_investment"])),
                (_("总体完成比例（%）"), 14, lambda r: float(r["percent_complete"])),
                (_("形象进度"), 50, "physical_progress"),
                (_("提交日期"), 12, "submitted_on"),
            ],
            content.get("progress", []),
        ),
        (
            _("工作节点"),
            [
                (_("节点"), 30, "name"),
                (_("计划完成日期"), 14, "planned_date"),
                (_("责任人"), 12, "owner"),
                (_("责任单位"), 20, "unit"),
                (_("已逾期"), 8, lambda r: _yes(r["overdue"])),
            ],
            [*milestones.get("overdue", []), *milestones.get("due_soon", [])],
        ),
        (
            _("问题清单"),
            [
                (_("问题"), 36, "title"),
                (_("办理层级"), 14, "level_label"),
                (_("责任单位"), 20, "unit"),
                (_("责任人"), 12, "person"),
                (_("办结时限"), 12, "deadline"),
                (_("状态"), 10, "status"),
                (_("已逾期"), 8, lambda r: _yes(r["overdue"])),
                (_("挂牌督办"), 10, lambda r: _yes(r["listed"])),
            ],
            issues.get("open", []),
        ),
        (
            _("审批事项"),
            [
                (_("申报件"), 18, "case"),
                (_("审批事项"), 28, "item"),
                (_("审批部门"), 20, "department"),
                (_("状态"), 10, "status"),
                (_("办理期限"), 12, "due_date"),
                (_("已超期"), 8, lambda r: _yes(r["overdue"])),
            ],
            approvals.get("tasks", []),
        ),
        (
            _("容缺材料"),
            [
                (_("申报件"), 18, "case"),
                (_("材料"), 30, "material"),
                (_("审批部门"), 20, "department"),
                (_("补齐期限"), 12, "deadline"),
                (_("状态"), 10, "status"),
                (_("已逾期"), 8, lambda r: _yes(r["overdue"])),
            ],
            content.get("supplements", []),
        ),
    ]


def _cell(value):
    return neutralise(value) if isinstance(value, str) else value


def digest_workbook(digest):
    """The digest as .xlsx bytes: a summary sheet, then one sheet per section (frozen headers)."""
    content = digest.content
    book = Workbook()
    summary = book.active
    summary.title = _("概况")
    title = _("%(name)s 每周调度简报（%(week)s）") % {
        "name": content.get("task_force", {}).get("name", ""),
        "week": digest.week_label,
    }
    summary.append([_cell(title)])
    summary["A1"].font = TITLE_FONT
    summary.append([_("周期"), f"{content.get('week_start')} 至 {content.get('week_end')}"])
    summary.append(
        [
            _("项目"),
            _cell(
                f"{content.get('project', {}).get('code', '')} {content.get('project', {}).get('name', '')}"
            ),
        ]
    )
    summary.append([_("牵头市领导"), _cell(content.get("task_force", {}).get("leader", ""))])
    summary.append([])
    summary.append([_("办理层级"), _("未办结问题"), _("其中逾期")])
    for cell in summary[summary.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row in content.get("issues", {}).get("by_level", []):
        summary.append([row["label"], row["open"], row["overdue"]])
    summary.column_dimensions["A"].width = 18
    summary.column_dimensions["B"].width = 40
    for sheet_title, columns, rows in _sections(content):
        sheet = book.create_sheet(sheet_title)
        sheet.append([_cell(f"{title} · {sheet_title}")])
        sheet["A1"].font = TITLE_FONT
        sheet.append([header for header, _width, _get in columns])
        for index, (_header, width, _get) in enumerate(columns, start=1):
            cell = sheet.cell(row=2, column=index)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            sheet.column_dimensions[cell.column_letter].width = width
        sheet.freeze_panes = "A3"
        for row in rows:
            sheet.append([_cell(get(row) if callable(get) else row.get(get, "")) for _h, _w, get in columns])
            for cell in sheet[sheet.max_row]:
                cell.alignment = WRAP
                if row.get("overdue"):
                    cell.fill = LATE_FILL
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

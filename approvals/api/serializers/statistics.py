"""Approval statistics (审批统计): ``services.statistics.approval_statistics``, as it computes them.

Averages and percentages are decimal strings with one place; a figure with nothing to
average over is null.
"""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


def one_place(help_text):
    return serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True, read_only=True, help_text=help_text
    )


def count(help_text=""):
    return serializers.IntegerField(read_only=True, help_text=help_text)


def days(help_text):
    return serializers.IntegerField(read_only=True, allow_null=True, help_text=help_text)


class CaseSummarySerializer(serializers.Serializer):
    total = count("申报件数")
    in_progress = count("办理中")
    concluded = count("已办结")
    returned = count("已退件")
    not_accepted = count("不予受理")
    deficient = count("容缺受理")
    elapsed = days("已办结申报件实际用时合计（工作日）")
    serial = days("已办结申报件串联办理时限合计（工作日）")
    avg_days = one_place("已办结申报件平均用时（工作日）")
    compression = one_place("压缩率（%）：1 − 实际用时合计 / 串联时限合计")


class SupplementSummarySerializer(serializers.Serializer):
    total = count("容缺材料数")
    pending = count("待补齐")
    overdue = count("逾期未补")
    supplied = count("已补齐")
    not_yet_due = count("待补齐且未到期")


class DepartmentRowSerializer(serializers.Serializer):
    department_id = count()
    department = serializers.CharField(read_only=True, help_text="审批部门")
    total = count("任务数")
    concluded = count("已作出决定（准予或不予许可）")
    avg_days = one_place("已决定任务平均用时（工作日）")
    on_time = count("按期办结")
    on_time_rate = one_place("按期办结率（%）")
    open = count("在办")
    overdue = count("超期在办")
    suspended = count("中止")


class StageRowSerializer(serializers.Serializer):
    stage_id = count()
    stage = serializers.CharField(read_only=True, help_text="审批阶段")
    total = count("申报件数")
    concluded = count("已办结")
    elapsed = days("实际用时合计（工作日）")
    serial = days("串联办理时限合计（工作日）")
    avg_days = one_place("平均用时（工作日）")
    compression = one_place("压缩率（%）")


@extend_schema_serializer(many=False)  # one object, though the view's action is ``list``
class ApprovalStatisticsSerializer(serializers.Serializer):
    """Per case, per department and per stage, over what the reader may see, narrowed by the
    acceptance year, the stage and the department asked for."""

    today = serializers.DateField(read_only=True, help_text="计算超期所用的日期")
    cases = CaseSummarySerializer(read_only=True)
    supplements = SupplementSummarySerializer(read_only=True)
    departments = DepartmentRowSerializer(many=True, read_only=True)
    stages = StageRowSerializer(many=True, read_only=True)

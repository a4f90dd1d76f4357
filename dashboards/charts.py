"""ECharts options built on the server from the figures: each data point carries the URL of the
list behind it (``static/js/dashboards.js`` follows it on a click). Labels are translated here,
so the charts speak the page's language."""

from django.utils.translation import gettext as _

#: Bootstrap 5.3's colours, for the choices' badge colour names
PALETTE = {
    "primary": "#0d6efd",
    "secondary": "#6c757d",
    "success": "#198754",
    "info": "#0dcaf0",
    "warning": "#ffc107",
    "danger": "#dc3545",
    "dark": "#212529",
}
BRAND = "#0b4a8b"


def height(rows, per_row=24, least=260):
    """Pixels for a horizontal bar chart: every category keeps a readable line."""
    return max(least, per_row * len(rows) + 48)


def _point(value, url, colour=None):
    point = {"value": float(value) if value is not None else None, "url": url}
    if colour:
        point["itemStyle"] = {"color": PALETTE.get(colour, colour)}
    return point


def bars(rows, *, name, colours=None, horizontal=False, value="count"):
    """One bar per row (``label``, ``value``, ``url``)."""
    categories = [str(row["label"]) for row in rows]
    data = [_point(row[value], row["url"], (colours or {}).get(row["key"])) for row in rows]
    category_axis = {"type": "category", "data": categories, "axisLabel": {"interval": 0}}
    value_axis = {"type": "value", "minInterval": 1}
    if horizontal:
        category_axis["inverse"] = True
        category_axis["axisLabel"]["width"] = 96
        category_axis["axisLabel"]["overflow"] = "truncate"
    else:
        category_axis["axisLabel"]["hideOverlap"] = False
    return {
        "grid": {"left": 8, "right": 16, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": [
            {
                "type": "bar",
                "name": name,
                "data": data,
                "barMaxWidth": 36,
                "itemStyle": {"color": BRAND},
                "label": {"show": True, "position": "right" if horizontal else "top"},
            }
        ],
    }


def pie(rows, *, name, colours):
    return {
        "legend": {"bottom": 0},
        "series": [
            {
                "type": "pie",
                "name": name,
                "radius": ["40%", "70%"],
                "center": ["50%", "45%"],
                "label": {"position": "inside", "formatter": "{c}", "color": "#fff", "fontWeight": "bold"},
                "data": [
                    {
                        **_point(row["count"], row["url"], colours.get(row["key"])),
                        "name": str(row["label"]),
                        # an empty slice has no room for its "0"
                        **({} if row["count"] else {"label": {"show": False}}),
                    }
                    for row in rows
                ],
            }
        ],
    }


def investment(figures):
    """Completed investment by month (bars), its running total and the prorated plan (lines)."""
    months = figures["months"]
    url = figures["url"]
    return {
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": [_("%(month)s月") % {"month": m["month"]} for m in months],
        },
        "yAxis": {"type": "value", "name": _("万元")},
        "series": [
            {
                "type": "bar",
                "name": _("当月完成"),
                "data": [_point(m["completed"], url) for m in months],
                "itemStyle": {"color": BRAND},
                "barMaxWidth": 28,
            },
            {
                "type": "line",
                "name": _("累计完成"),
                "data": [_point(m["cumulative"], url) for m in months],
                "itemStyle": {"color": PALETTE["success"]},
                "symbolSize": 8,
            },
            {
                "type": "line",
                "name": _("序时计划"),
                "data": [_point(m["prorated_plan"], figures["plan_url"] or url) for m in months],
                "itemStyle": {"color": PALETTE["secondary"]},
                "lineStyle": {"type": "dashed"},
                "symbolSize": 6,
            },
        ],
    }


def issues(levels):
    """Open and overdue issues per level, side by side."""
    return {
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": [str(row["label"]) for row in levels],
            "axisLabel": {"interval": 0},
        },
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "type": "bar",
                "name": _("未办结"),
                "data": [_point(row["open"], row["open_url"]) for row in levels],
                "itemStyle": {"color": PALETTE["primary"]},
                "barMaxWidth": 28,
                "label": {"show": True, "position": "top"},
            },
            {
                "type": "bar",
                "name": _("已逾期"),
                "data": [_point(row["overdue"], row["overdue_url"]) for row in levels],
                "itemStyle": {"color": PALETTE["danger"]},
                "barMaxWidth": 28,
                "label": {"show": True, "position": "top"},
            },
        ],
    }


def departments(rows):
    """Open and overdue approval tasks per department."""
    return {
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 24, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [row["department"] for row in rows],
            "axisLabel": {"width": 110, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "name": _("在办"),
                "data": [_point(row["open"], row["open_url"]) for row in rows],
                "itemStyle": {"color": PALETTE["primary"]},
                "barMaxWidth": 18,
            },
            {
                "type": "bar",
                "name": _("超期"),
                "data": [_point(row["overdue"], row["overdue_url"]) for row in rows],
                "itemStyle": {"color": PALETTE["danger"]},
                "barMaxWidth": 18,
            },
        ],
    }

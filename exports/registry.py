"""The platform's exports, by key. An export says who may run it, checks its filters before the
job is queued (a bad filter is a 400 on the page, not a failed job), counts its rows for the
progress bar, and writes its workbook to a file object."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import xlsx

REGISTRY = {}
#: rows between two progress updates of the job row
PROGRESS_EVERY = 500
#: rows fetched (and decorated) at a time
CHUNK = 1000


def register(cls):
    export = cls()
    REGISTRY[export.key] = export
    return cls


def get(key):
    try:
        return REGISTRY[key]
    except KeyError:
        raise Http404(_("没有这种导出。")) from None


def decorated(queryset, decorate, size=CHUNK):
    """The queryset's rows, ``decorate``d a chunk at a time, as the list page decorates its page."""
    chunk = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield from decorate(chunk)
            chunk = []
    if chunk:
        yield from decorate(chunk)


class Export:
    key = ""
    label = ""

    def allowed(self, user):
        return user.is_authenticated

    def prepare(self, user, params):
        """Raise PermissionDenied or ValidationError (keyed by parameter) before a job is queued."""

    def count(self, user, params):
        return None

    def title(self, user, params):
        return str(self.label)

    def filename(self, user, params):
        return f"{self.label}.xlsx"

    def write(self, user, params, out, progress):
        raise NotImplementedError


class ListExport(Export):
    """Exactly the rows a list page shows for the same query string, in its order, every page.

    Subclasses give ``queryset(user, params)`` (the list's own filtered, scoped queryset;
    a ValidationError for bad filters) and ``columns()`` (``xlsx.Column``s: what the list shows).
    """

    note = ""

    def queryset(self, user, params):
        raise NotImplementedError

    def columns(self):
        raise NotImplementedError

    def prepare(self, user, params):
        self.queryset(user, params)

    def count(self, user, params):
        rows = self.queryset(user, params)
        return len(rows) if isinstance(rows, list) else rows.count()

    def rows(self, user, params):
        """The rows to write, in the list's order. A list page that decorates its rows (periods,
        badges) overrides this to decorate them chunk by chunk (``decorated``)."""
        rows = self.queryset(user, params)
        return iter(rows) if isinstance(rows, list) else rows.iterator(chunk_size=CHUNK)

    def filename(self, user, params):
        return f"{self.label}-{timezone.localdate():%Y%m%d}.xlsx"

    def describe(self, params):
        """The filters, for the title row."""
        shown = [
            f"{name}={','.join(values)}"
            for name, values in params.lists()
            if name not in ("page", "page_size")
        ]
        return _("筛选：%(filters)s") % {"filters": "；".join(shown)} if shown else _("全部")

    def write(self, user, params, out, progress):
        book = xlsx.workbook()
        sheet = xlsx.Sheet(
            book, self.label, f"{self.label}（{self.describe(params)}）", self.columns(), self.note
        )
        for row in self.rows(user, params):
            sheet.write(row)
            if sheet.rows % PROGRESS_EVERY == 0:
                progress(sheet.rows)
        progress(sheet.rows)
        book.save(out)


def pop_object(params, name, queryset, lookup="pk"):
    """(the object a list page lives under, the other parameters).

    A list under an object's URL (a project's reports, a year's plan) is exported with the
    object as one more parameter (``export_button ... project=project.pk``); the list's
    own filters are the rest.
    """
    params = params.copy()
    raw = (params.pop(name, None) or [""])[-1]
    found = queryset.filter(**{lookup: raw}).first() if str(raw).isdigit() else None
    if found is None:
        raise ValidationError({name: [_("缺少或无效的参数“%(name)s”。") % {"name": name}]})
    return found, params

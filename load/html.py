"""Just enough HTML reading for the journeys: the forms of a page (with their CSRF token and
hidden fields) and the links it offers. Standard library only, so the locustfile stays small."""

import re
from html.parser import HTMLParser


class Form:
    def __init__(self, attrs):
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.attrs = attrs
        self.fields = {}
        self.buttons = []

    def data(self, **changes):
        """The values a browser would send (without a submit button), with changes on top."""
        data = dict(self.fields)
        data.update(changes)
        return data

    def __repr__(self):
        return f"<Form {self.method} {self.action} {sorted(self.fields)}>"


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image", "button", "reset"):
                form.buttons.append((name, attrs.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form.fields[name] = attrs.get("value", "on")
            elif kind != "file":
                form.fields[name] = attrs.get("value", "")
        elif tag == "button" and name and attrs.get("type", "submit").lower() == "submit":
            form.buttons.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            form.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if "selected" in attrs or self._select not in form.fields:
                form.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data


def forms(html):
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_posting_to(html, pattern):
    """The first POST form whose action matches the regular expression, or None."""
    regex = re.compile(pattern)
    for form in forms(html):
        if form.method == "post" and regex.search(form.action):
            return form
    return None


def links(html, pattern):
    """The distinct hrefs matching the regular expression (its groups, if it has any), in page order."""
    seen = []
    for match in re.finditer('href="(' + pattern + ')"', html):
        groups = match.groups()
        value = groups[0] if len(groups) == 1 else groups[1] if len(groups) == 2 else groups[1:]
        if value not in seen:
            seen.append(value)
    return seen

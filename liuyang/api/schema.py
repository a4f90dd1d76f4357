"""The OpenAPI schema: every operation also documents the error responses it really gives.

drf-spectacular documents only the success response. The API also answers, with
the bodies ``liuyang.api.exceptions`` builds:

- 400: validation — ``{"字段": ["说明", …], "non_field_errors": [...]}`` from serializers,
  filters and services (Django's ValidationError), ``{"detail": "…"}`` for a malformed
  body, or a plain list of messages for a check raised outside a serializer;
- 401: no or a wrong token; 403: the role or the object's scope forbids it;
- 404: no such object (or one the user may not see), or a page past the end;
- 409: saved by someone else meanwhile (versioned records), still referenced on delete,
  or a service's state conflict on an action;
- 415: a request body whose Content-Type the view's parsers do not accept;
- 429: too many requests, where the view is throttled.

Schemathesis (tests/fuzz, ``make fuzz``) checks every operation against this.
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

DETAIL = {
    "type": "object",
    "description": "错误说明。",
    "properties": {"detail": {"type": "string", "description": "错误说明"}},
    "required": ["detail"],
}

MESSAGES = {"type": "array", "items": {"type": "string"}}

VALIDATION = {
    "description": "校验未通过：按字段列出的说明（non_field_errors 为整体说明），或 detail，或说明列表。",
    "anyOf": [
        {
            "type": "object",
            "properties": {"non_field_errors": MESSAGES},
            # a field's messages (a field may be called "detail"), an object or list for nested
            # fields, or the "detail" string of a malformed body
            "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "array"}, {"type": "object"}]},
        },
        MESSAGES,
    ],
}

ERRORS = {
    400: ("ValidationErrorBody", VALIDATION, "请求无效：参数或数据未通过校验。"),
    401: ("ErrorDetail", DETAIL, "未登录或令牌无效。"),
    403: ("ErrorDetail", DETAIL, "没有执行此操作的权限。"),
    404: ("ErrorDetail", DETAIL, "记录不存在、无权查看，或页码超出范围。"),
    409: ("ErrorDetail", DETAIL, "冲突：记录已被他人修改、仍被引用，或当前状态不允许此操作。"),
    415: ("ErrorDetail", DETAIL, "请求体的格式（Content-Type）不受此接口支持，或无法解析。"),
    429: ("ErrorDetail", DETAIL, "请求过于频繁，请稍后再试。"),
}


def model_field_is_blank(field):
    """Whether ``field`` of a ModelSerializer reads a model field declared ``blank=True``."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or field.allow_blank or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, plus the error responses of each operation."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # DRF drops ``allow_blank`` from read-only model fields, yet a blank choice
        # (``blank=True``) is sent as "": document "" among the choices.
        if isinstance(field, serializers.ChoiceField) and field.read_only and model_field_is_blank(field):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if not operation:
            return operation
        responses = operation.setdefault("responses", {})
        for code in self.error_codes(operation):
            name, schema, description = ERRORS[code]
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
            )
            self.registry.register_on_missing(component)
            responses.setdefault(
                str(code),
                {"content": {"application/json": {"schema": component.ref}}, "description": description},
            )
        return operation

    def error_codes(self, operation):
        method = self.method.upper()
        parameters = operation.get("parameters", [])
        in_path = any(p["in"] == "path" for p in parameters)
        query = {p["name"] for p in parameters if p["in"] == "query"}
        codes = {401, 403}
        if method in ("POST", "PUT", "PATCH") or query or "requestBody" in operation:
            codes.add(400)
        if in_path or "page" in query:
            codes.add(404)
        if method in ("PUT", "PATCH", "DELETE") or (method == "POST" and in_path):
            codes.add(409)
        if "requestBody" in operation:
            codes.add(415)  # DRF's answer to a body its parsers do not accept
        if self.view.get_throttles():
            codes.add(429)
        return sorted(codes)

"""The office's tool's form (Helsetilbud, INFOMELDINGER): the panel's message
and, for each service ``<id>``, ``message-<id>``, ``absent-<id>`` (a tick box)
and ``absence-<id>``, in the order of the office's tool."""

from __future__ import annotations

from functools import lru_cache

from wtforms import BooleanField

from ..forms import Form, Text
from ..i18n import _l
from ..services.catalog import PANEL_MESSAGE_MAX, SERVICE_MESSAGE_MAX, Catalog, OfficeChanges, OfficeSettings

TOO_LONG = _l("Feltet kan kun inneholde %(max)s tegn!")  # the seed's own words
# A service's settings in the form: its field's name is "<prefix>-<service id>".
_PREFIXES = {"message": "message", "absent": "absent", "absence_message": "absence"}


class EditorForm(Form):
    """The editor's fields; ``editor_form`` adds those of each service."""

    service_ids: tuple[str, ...] = ()
    panel_message = Text(max_length=PANEL_MESSAGE_MAX, too_long=TOO_LONG)

    @staticmethod
    def field_name(service_id: str, setting: str) -> str:
        """The field of a service's setting ("message", "absent", "absence_message")."""
        return f"{_PREFIXES[setting]}-{service_id}"

    def message(self, service_id: str) -> Text:
        return self[self.field_name(service_id, "message")]

    def absent(self, service_id: str) -> BooleanField:
        return self[self.field_name(service_id, "absent")]

    def absence_message(self, service_id: str) -> Text:
        return self[self.field_name(service_id, "absence_message")]

    def changes(self) -> OfficeChanges:
        """What LAGRE saves: every text and absence (the switches save on their own)."""
        return OfficeChanges(
            panel_message=self.panel_message.data,
            services={
                sid: {"message": self.message(sid).data, "absent": self.absent(sid).data, "absence_message": self.absence_message(sid).data}
                for sid in self.service_ids
            },
        )

    @classmethod
    def filled(cls, settings: OfficeSettings, changes: OfficeChanges | None = None) -> EditorForm:
        """The form as a sandbox's settings fill it; with ``changes`` (texts and
        absences) typed over them, as the API sends them."""
        changes = changes or OfficeChanges()
        panel_message = settings.panel_message if changes.panel_message is None else changes.panel_message
        data = {"panel_message": panel_message}
        for service in settings.services:
            changed = changes.services.get(service.id, {})
            for setting, prefix in _PREFIXES.items():
                data[f"{prefix}-{service.id}"] = changed.get(setting, getattr(service, setting))
        return cls(data=data)


@lru_cache(maxsize=8)
def editor_form(catalog: Catalog) -> type[EditorForm]:
    """The editor for ``catalog``'s services, in the office's tool's order."""
    fields: dict = {"service_ids": tuple(service.id for service in catalog.in_office_order())}
    for sid in fields["service_ids"]:
        fields[EditorForm.field_name(sid, "message")] = Text(max_length=SERVICE_MESSAGE_MAX, too_long=TOO_LONG)
        fields[EditorForm.field_name(sid, "absent")] = BooleanField()
        fields[EditorForm.field_name(sid, "absence_message")] = Text(max_length=SERVICE_MESSAGE_MAX, too_long=TOO_LONG)
    return type("EditorForm", (EditorForm,), fields)

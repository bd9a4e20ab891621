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


class EditorForm(Form):
    """The editor's fields; ``editor_form`` adds those of each service."""

    service_ids: tuple[str, ...] = ()
    panel_message = Text(max_length=PANEL_MESSAGE_MAX, too_long=TOO_LONG)

    def message(self, service_id: str) -> Text:
        return self[f"message-{service_id}"]

    def absent(self, service_id: str) -> BooleanField:
        return self[f"absent-{service_id}"]

    def absence_message(self, service_id: str) -> Text:
        return self[f"absence-{service_id}"]

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
    def filled(cls, settings: OfficeSettings) -> EditorForm:
        """The form as a sandbox's settings fill it."""
        data = {"panel_message": settings.panel_message}
        for service in settings.services:
            data |= {f"message-{service.id}": service.message, f"absent-{service.id}": service.absent, f"absence-{service.id}": service.absence_message}
        return cls(data=data)


@lru_cache(maxsize=8)
def editor_form(catalog: Catalog) -> type[EditorForm]:
    """The editor for ``catalog``'s services, in the office's tool's order."""
    fields: dict = {"service_ids": tuple(service.id for service in catalog.in_office_order())}
    for sid in fields["service_ids"]:
        fields[f"message-{sid}"] = Text(max_length=SERVICE_MESSAGE_MAX, too_long=TOO_LONG)
        fields[f"absent-{sid}"] = BooleanField()
        fields[f"absence-{sid}"] = Text(max_length=SERVICE_MESSAGE_MAX, too_long=TOO_LONG)
    return type("EditorForm", (EditorForm,), fields)

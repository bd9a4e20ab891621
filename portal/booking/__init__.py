"""Appointment booking: Timeavtaler, Velg behandler, Velg time, the appointment
page (``views``); on the control plane the office's answer to a time wish (``control``)."""

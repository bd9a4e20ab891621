"""The control panel: the scenarios, start, reset, the sandbox's state as JSON, health."""

"""The trainer's tools: the presenter page and the live demo room participants join."""

"""The control plane as a JSON API under /_sim/api/ for test tools: start a
sandbox (with inline changes), reset it, read its state, and act as the office
(``control``); the bodies, answers and the OpenAPI description (``schema``)."""

"""The citizen's front page, Fastlegetjenester and the GP pages they link to."""

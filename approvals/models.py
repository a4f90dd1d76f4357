"""Models of this app arrive with its own issue; the app is installed now so the
layout and migrations history start together."""

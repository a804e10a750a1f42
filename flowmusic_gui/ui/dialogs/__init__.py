"""The window's dialogs: adding jobs, settings, the token, about."""

"""Reusable test helpers: a scripted local HTTP server and an in-memory keyring backend."""

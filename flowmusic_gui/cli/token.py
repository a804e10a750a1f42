"""``flowmusic token set|clear|status``: the API token in the system keyring, and what the environment overrides."""

from __future__ import annotations

import argparse
import os
import sys
from typing import IO, Any

from flowmusic_gui.cli.common import EXIT_JOB_FAILED, EXIT_NO_TOKEN, EXIT_OK, EXIT_USAGE, TOKEN_HELP, say


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from flowmusic_gui.terminal.helptext import help_for

    token = sub.add_parser("token", parents=[common], **help_for("token"))
    token.add_argument("action", choices=["set", "clear", "status"], help="what to do with the token")


def cmd_token(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    from flowmusic_gui.core.credentials import (
        ENV_VAR,
        SERVICE,
        CredentialError,
        TokenSource,
        TokenStore,
        no_token_message,
    )

    store = TokenStore()
    env_set = bool(os.environ.get(ENV_VAR, "").strip())
    if ns.action == "status":
        found = store.lookup()
        if found.problem:
            say(out, f"{no_token_message(found)}\n")
            return EXIT_NO_TOKEN
        if found.source is TokenSource.NONE:
            say(out, f"No token. {TOKEN_HELP}\n")
            if found.message:
                say(out, f"{found.message}\n")
            return EXIT_NO_TOKEN
        say(out, f"A token is set ({found.source.value}): {found.message}\n")
        if found.source is TokenSource.ENV and _keyring_holds_token():
            say(out, f"The system keyring also holds a saved token, used once {ENV_VAR} is unset.\n")
        return EXIT_OK
    if ns.action == "clear":
        usable, where = store.keyring_usable()
        had = usable and _keyring_holds_token()
        try:
            store.clear()
        except CredentialError as exc:
            say(sys.stderr, f"flowmusic: {exc}. The token may still be saved there.")
            return EXIT_JOB_FAILED
        if had:
            say(out, f"Removed the saved token from {where}.\n")
        elif usable:
            say(out, f"No token was saved in {where}: nothing to remove.\n")
        else:
            say(out, f"No token was saved ({where}): nothing to remove.\n")
        if env_set:
            say(
                out,
                f"The environment's {ENV_VAR} is still set and still takes precedence: commands run from this "
                f"shell keep using it until you unset it (unset {ENV_VAR}).\n",
            )
        else:
            say(out, f"No token is set now: `flowmusic watch` exits 3 until you set one. {TOKEN_HELP}\n")
        return EXIT_OK
    # set
    if stdin.isatty():
        import getpass

        token = getpass.getpass("FlowMusic API token (input hidden): ")
    else:
        token = stdin.readline()
    token = token.strip()
    if not token:
        say(sys.stderr, "flowmusic: no token given (empty input); nothing was saved")
        return EXIT_USAGE
    usable, where = store.keyring_usable()
    replaced = usable and _keyring_holds_token()
    try:
        saved = store.save(token)
    except CredentialError as exc:
        say(sys.stderr, f"flowmusic: {exc}; nothing was saved")
        return EXIT_USAGE
    if saved.source is TokenSource.KEYRING:
        note = ", replacing the token saved there before" if replaced else ""
        say(out, f"Token saved in {where} under the service name {SERVICE}{note}.\n")
        if env_set:
            say(
                out,
                f"The environment's {ENV_VAR} still takes precedence over it: unset {ENV_VAR} to use the "
                "saved token.\n",
            )
        else:
            say(out, "The app and `flowmusic watch` use it from now on.\n")
        return EXIT_OK
    # The fallback of the window (keep it for this session) means nothing to a command that ends now.
    reason = _unwrap(saved.message.split(f"; {ENV_VAR} is set")[0], "kept for this session only (", ")")
    say(
        sys.stderr,
        f"flowmusic: the token was not saved: {reason}. Nothing was written anywhere. Without a keyring, set "
        f"{ENV_VAR} in the environment instead.",
    )
    return EXIT_JOB_FAILED



def _keyring_holds_token() -> bool:
    """Whether the system keyring holds a usable token, whatever the environment says."""
    from flowmusic_gui.core.credentials import TokenSource, TokenStore

    return TokenStore(environ={}).lookup().source is TokenSource.KEYRING


def _unwrap(text: str, prefix: str, suffix: str) -> str:
    if text.startswith(prefix) and text.endswith(suffix):
        return text[len(prefix) : len(text) - len(suffix)]
    return text

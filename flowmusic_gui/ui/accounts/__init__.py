"""The accounts on the token: the accounts view (a dialog reached from the status bar) and its summary line."""

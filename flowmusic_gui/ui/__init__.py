"""The desktop interface: widgets, models, dialogs, the player."""

"""The jobs table: its model, its filter and the view."""

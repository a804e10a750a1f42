"""The engine: QtCore-only workers and the tracker that ties the store to the poller. No widgets."""

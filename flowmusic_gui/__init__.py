"""FlowMusic Monitor: watch FlowMusic generation jobs until they finish, then see, hear and download the songs."""

__version__ = "0.1.0"

#: Reverse-DNS application id: desktop file, AppStream id, desktop file name, single-instance socket.
APP_ID = "io.github.flowmusicmonitor.FlowMusicMonitor"
APP_NAME = "FlowMusic Monitor"

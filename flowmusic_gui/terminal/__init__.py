"""What the ``flowmusic`` command prints for people: the live progress of ``watch``, its summary, help texts."""

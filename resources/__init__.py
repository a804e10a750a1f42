"""Icons and other assets, loaded with importlib.resources."""

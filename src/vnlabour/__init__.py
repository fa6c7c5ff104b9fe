"""vnlabour: Vietnamese labour-market and poverty figures from provincial articles."""

__version__ = "0.1.0"

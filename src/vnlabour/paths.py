"""Project paths, defined once. Relative to the working directory, as the README runs them."""
from pathlib import Path

DEFAULT_ARTICLES = Path("data/raw/articles")
DEFAULT_PROCESSED = Path("data/processed")
DEFAULT_REPORTS = Path("reports")
DEFAULT_GOLD = Path("data/annotations/seeds_gold.csv")
NOTEBOOKS = Path("notebooks")
RULES = Path(__file__).parent / "rules"
DEFAULT_CORRECTIONS = Path("data/annotations/corrections.csv")

"""Each table a report page shows, also as a CSV file beside the page: the build gives the
notebooks a folder (reports/data/), the tables are saved there and linked as "Download"."""
from __future__ import annotations

from pathlib import Path

from vnlabour.files import atomic_write
from vnlabour.report.fmt import Html, esc

FOLDER = "data"  # the folder's name under reports/, as the pages link it


class Downloads:
    """Saves the tables of one page (`page`: its file stem) into `folder`; no folder, no
    files and no links (a notebook run by hand)."""

    def __init__(self, folder: str | Path | None, page: str) -> None:
        self.folder = Path(folder) if folder else None
        self.page = page

    def attach(self, shown: Html, df, name: str) -> Html:
        """`shown` (a table's HTML) followed by the link to the same table as CSV, saved as
        data/<page>-<name>.csv (the columns a reader sees, in the same order)."""
        if self.folder is None or df is None or df.empty:
            return shown
        file = f"{self.page}-{name}.csv"
        visible = df[[c for c in df.columns if not str(c).startswith("_")]]
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self.folder / file, visible.to_csv(index=False, lineterminator="\n"))
        link = (f'<p class="vn-download"><a href="{FOLDER}/{esc(file)}" download>Download '
                f"this table (CSV)</a></p>")
        return Html(shown.html + link, shown.text)

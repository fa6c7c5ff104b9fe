"""`python -m vnlabour.build --refresh-notebooks`: store the checked outputs of the notebooks."""
import sys

from vnlabour.build.engine import refresh_checked_outputs

if __name__ == "__main__":
    if sys.argv[1:] == ["--refresh-notebooks"]:
        for p in refresh_checked_outputs():
            print(f"stored checked outputs in {p}")
    else:
        print("usage: python -m vnlabour.build --refresh-notebooks", file=sys.stderr)
        sys.exit(2)

"""`vnlabour build`: extract when the inputs changed, run the report notebooks whose inputs
changed, render their pages and the rest of reports/.

One module per concern:
  stale   fingerprints of code and rule tables, the extraction stamp (what is stale)
  plan    the reports to build, each with the hash of what it reads; the build's inputs key
  engine  the pool of warm kernels, the papermill engine on it, rendering executed notebooks
  run     running the plan, the manifest, the pages of reports/ (from `vnlabour.report`)
"""
from vnlabour.build.engine import Kernels, refresh_checked_outputs, render_html
from vnlabour.build.plan import (COMPARISON_NOTEBOOK, PROVINCE_NOTEBOOK, Job, hash_jobs,
                                 inputs_key, notebooks_dir, plan_jobs)
from vnlabour.build.run import run_build, run_jobs
from vnlabour.build.stale import (PACKAGE_DIR, STAMP_NAME, TABLES, code_fingerprint,
                                  ensure_extracted, input_stamp, is_stale, read_by_reports,
                                  report_code_fingerprint, write_stamp)

__all__ = ["COMPARISON_NOTEBOOK", "PACKAGE_DIR", "PROVINCE_NOTEBOOK", "STAMP_NAME", "TABLES", "Job",
           "Kernels", "code_fingerprint", "ensure_extracted", "hash_jobs", "input_stamp",
           "inputs_key", "is_stale", "notebooks_dir", "plan_jobs", "read_by_reports",
           "refresh_checked_outputs", "render_html", "report_code_fingerprint", "run_build",
           "run_jobs", "write_stamp"]

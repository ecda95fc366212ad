"""The web's background work, owner-scoped: export jobs, imports (validation reports), push jobs, views.

- :func:`create_export_job` / :func:`run_export_job` — Ozon → workbook in the owner's folder;
- :func:`save_upload` / :func:`create_import` / :func:`get_import` / :func:`import_issues` — a workbook checked;
- :func:`engine.jobs.refreshes.refresh_import` — an import re-laid after subject changes (``ozwb refresh``);
- :func:`create_push_job` / :func:`rerun_failed` / :func:`finish_push_job` — an import pushed with a WB connection;
- :func:`resume_stopped_push` / :func:`resume_refusal` — a push stopped by a block, continued after the unblock;
- :func:`job_view` / :func:`list_jobs` / :func:`result_file` / :func:`to_fix_file` — what pages and the API show.

Another owner's id raises :class:`engine.errors.RecordNotFoundError`; managers read their sellers' jobs.
"""

from engine.jobs.errors import JobInputError, JobsError
from engine.jobs.exports import ExportChoices, create_export_job, run_export_job
from engine.jobs.imports import (
    ImportView,
    UploadTooLargeError,
    create_import,
    get_import,
    import_issues,
    save_upload,
)
from engine.jobs.notices import announce_job_end, job_end_text
from engine.jobs.pushes import (
    create_push_job,
    finish_push_job,
    payloads_of,
    push_settings,
    rerun_failed,
    start_push_job,
)
from engine.jobs.stops import resume_refusal, resume_stopped_push
from engine.jobs.views import JobView, StepView, job_view, list_jobs, result_file, to_fix_file

__all__ = [
    "ExportChoices",
    "ImportView",
    "JobInputError",
    "JobView",
    "JobsError",
    "StepView",
    "UploadTooLargeError",
    "announce_job_end",
    "create_export_job",
    "create_import",
    "create_push_job",
    "finish_push_job",
    "get_import",
    "import_issues",
    "job_end_text",
    "job_view",
    "list_jobs",
    "payloads_of",
    "push_settings",
    "rerun_failed",
    "result_file",
    "resume_refusal",
    "resume_stopped_push",
    "run_export_job",
    "save_upload",
    "start_push_job",
    "to_fix_file",
]

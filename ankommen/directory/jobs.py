"""The directory's background jobs (ankommen/jobs): the CSV import of offers and the HSDS
import, with the same checks and messages as `ankommen import_offers_csv` and
`ankommen hsds_import`. Each writes in one transaction (importers.py, hsds/importer.py): a
malformed file fails with its line and writes nothing; a worker that dies half-way leaves
nothing behind, and the job's second attempt imports the whole file once.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankommen.core.inputs import InputRefused, load_json
from ankommen.directory.hsds.importer import HSDSImportError, import_document
from ankommen.directory.importers import import_offers_csv
from ankommen.jobs.registry import JobFailed, job_kind


@job_kind("directory.import_offers_csv", label=gettext_lazy("Import of offers (CSV)"))
def import_offers(job, *, file_name: str, text: str, skip_bad_rows: bool = False) -> str:
    if job.region is None:
        raise JobFailed(_("The region of this job no longer exists."))
    job.progress(0, 1)
    try:
        report = import_offers_csv(job.region, text, skip_bad_rows=skip_bad_rows)
    except InputRefused as error:
        raise JobFailed(
            _("%(file)s: %(problem)s; nothing imported") % {"file": file_name, "problem": error}
        ) from None
    lines = [f"{file_name}: {line}" for line in report.lines()]
    if not report.written:
        raise JobFailed(
            "\n".join(
                [
                    *lines,
                    _("%(count)s bad rows; nothing imported") % {"count": len(report.problems)},
                ]
            )
        )
    job.details = lines
    job.progress(1, 1)
    return _("%(created)s offers created, %(updated)s updated, %(skipped)s bad rows skipped") % {
        "created": report.created,
        "updated": report.updated,
        "skipped": report.skipped,
    }


@job_kind("directory.hsds_import", label=gettext_lazy("Import of an HSDS document"))
def hsds_import(job, *, file_name: str, text: str) -> str:
    if job.region is None:
        raise JobFailed(_("The region of this job no longer exists."))
    try:
        created, updated = import_document(job.region, load_json(text))
    except (ValueError, InputRefused) as error:
        raise JobFailed(
            _("%(file)s: %(problem)s; nothing imported") % {"file": file_name, "problem": error}
        ) from None
    except HSDSImportError as error:
        raise JobFailed(
            "\n".join(
                [*(f"{file_name}: {problem}" for problem in error.problems), _("nothing imported")]
            )
        ) from None
    return _("%(created)s offers created, %(updated)s updated") % {
        "created": created,
        "updated": updated,
    }

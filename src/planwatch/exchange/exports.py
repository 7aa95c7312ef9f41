"""One plan's values in one exchange format: shared by the `export` command and the download view."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from planwatch.exchange import formats
from planwatch.exchange.selectors import export_data
from planwatch.registry.models import Document

# format name -> (file suffix, content type)
FORMATS = {
    "dhis2-json": ("json", "application/json"),
    "dhis2-csv": ("csv", "text/csv; charset=utf-8"),
    "sdmx-csv": ("csv", "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"),
}


@dataclass
class Exported:
    content: bytes
    written: int
    skipped: list[formats.Skipped]

    def skipped_by_reason(self) -> list[tuple[str, int]]:
        return Counter(item.reason for item in self.skipped).most_common()


def export_document(document: Document, *, fmt: str, user=None) -> Exported:
    data = export_data(document, user=user)
    if fmt == "dhis2-json":
        content, lost = formats.dhis2_json(data.observations)
    elif fmt == "dhis2-csv":
        content, lost = formats.dhis2_csv(data.observations)
    elif fmt == "sdmx-csv":
        content, lost = formats.sdmx_csv(data.observations, dataflow=formats.sdmx_dataflow(document.slug))
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return Exported(content=content, written=len(data.observations) - len(lost), skipped=data.skipped + lost)


def download_name(document: Document, fmt: str) -> str:
    suffix = FORMATS[fmt][0]
    return f"{document.slug}-{fmt}.{suffix}"

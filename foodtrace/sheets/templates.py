"""The empty files people fill in: .xlsx with the header row, a 说明 (instructions) sheet in Chinese and English
with an example row, and suggestion drop-downs; or a CSV holding the header row only."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from .columns import Column, Sheet
from .report import Msg
from .writing import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, append_row, csv_bytes, neutralise, workbook_bytes

FORMATS = ("xlsx", "csv")
NOTES_SHEET = "说明"


@dataclass(frozen=True)
class TemplateDownload:
    content: bytes
    content_type: str
    filename: str

    @property
    def headers(self) -> dict[str, str]:
        """The HTTP headers that make a browser save the file under its name."""
        return {"Content-Type": self.content_type,
                "Content-Disposition": f'attachment; filename="{self.filename}"'}


def both(text) -> tuple[str, str]:
    """(Chinese, English) of a Msg, a lazy text, a callable giving one, or a plain string."""
    out = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            if isinstance(text, Msg):
                out.append(text.render(language))
            else:
                value = text() if callable(text) else text
                out.append(str(value) if value is not None else "")
    return out[0], out[1]


def template_csv(sheet: Sheet) -> bytes:
    return csv_bytes([[column.template_header for column in sheet.columns]])


def template_xlsx(sheet: Sheet, *, help: Callable[[Column], Any] | None = None, notes: Iterable = (),
                  lists: dict[str, Sequence[str]] | None = None,
                  tables: Iterable[tuple[Sequence[str], Iterable[Sequence]]] = ()) -> bytes:
    """The .xlsx template of ``sheet``. ``help(column)`` says what to enter (default: the column's own help);
    ``notes`` are lines after the columns; ``lists`` the suggestions offered per column key (typing anything
    else stays allowed); ``tables`` (header, rows) pairs at the end of the 说明 sheet, e.g. the unit table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = sheet.columns
    label_zh, label_en = both(sheet.label)
    workbook = Workbook()
    data = workbook.active
    data.title = label_zh[:31]
    append_row(data, [column.template_header for column in columns])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = data.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = column.width
        if column.text:
            # Typed codes stay text: no lost leading zeros, no 9.14E+17.
            data.column_dimensions[letter].number_format = "@"
        elif column.number_format:
            data.column_dimensions[letter].number_format = column.number_format
    data.freeze_panes = "A2"

    sheet_notes = workbook.create_sheet(NOTES_SHEET)

    def heading(values):
        append_row(sheet_notes, values)
        for cell in sheet_notes[sheet_notes.max_row]:
            cell.font, cell.fill = bold, fill

    heading(["列名 Column", "English", "必填 Required", "填写说明", "What to enter"])
    for column in columns:
        help_zh, help_en = both((lambda c=column: help(c)) if help else column.help)
        append_row(sheet_notes, [column.template_header, column.english_header,
                                 "是 yes" if column.required else "否 no", help_zh, help_en])
    if any(column.example is not None for column in columns):
        append_row(sheet_notes, [])
        heading(["示例 Example (这一行不会被导入 / not imported)"])
        heading([column.template_header for column in columns])
        append_row(sheet_notes, ["" if c.example is None else c.example for c in columns])
    append_row(sheet_notes, [])
    append_row(sheet_notes, [f"{label_zh} · {label_en}"])
    sheet_notes.cell(row=sheet_notes.max_row, column=1).font = bold
    for note in notes:
        append_row(sheet_notes, list(both(note)))
    for header, rows in tables:
        append_row(sheet_notes, [])
        heading(list(header))
        for row in rows:
            append_row(sheet_notes, list(row))
    for letter, width in zip("ABCDE", (24, 22, 14, 60, 60), strict=True):
        sheet_notes.column_dimensions[letter].width = width
    for row in sheet_notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    if lists:
        values_sheet = workbook.create_sheet("lists")
        values_sheet.sheet_state = "hidden"
        keys = [c.key for c in columns]
        for list_index, (key, values) in enumerate(lists.items(), start=1):
            letter = get_column_letter(list_index)
            for row_index, value in enumerate(values, start=1):
                values_sheet.cell(row=row_index, column=list_index, value=neutralise(value))
            if not values or key not in keys:
                continue
            target = get_column_letter(keys.index(key) + 1)
            # A drop-down that suggests without refusing: codes and other accepted names may still be typed.
            validation = DataValidation(
                type="list", formula1=f"{quote_sheetname('lists')}!${letter}$1:${letter}${len(values)}",
                allow_blank=True, showErrorMessage=False)
            validation.add(f"{target}2:{target}{sheet.max_rows + 1}")
            data.add_data_validation(validation)
    return workbook_bytes(workbook)


def template_download(sheet: Sheet, fmt: str, filename: str, **xlsx_options) -> TemplateDownload | None:
    """The template in ``fmt`` ("xlsx" or "csv") as a download named ``filename`` plus the format's suffix, or
    None for an unknown format."""
    if fmt == "csv":
        return TemplateDownload(template_csv(sheet), CSV_CONTENT_TYPE, f"{filename}.csv")
    if fmt == "xlsx":
        return TemplateDownload(template_xlsx(sheet, **xlsx_options), XLSX_CONTENT_TYPE, f"{filename}.xlsx")
    return None

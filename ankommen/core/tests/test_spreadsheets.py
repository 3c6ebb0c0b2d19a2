"""Cells that a spreadsheet would run as formulas are written as text."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from ankommen.core.spreadsheets import CsvWriter, XlsxBook, append_row, safe_cell


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_beginning_like_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-3,5", "+12", "-0.25", 7, None, "Verl", "a=b"])
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_csv_writer_writes_every_row_through_safe_cell():
    buffer = io.StringIO()
    CsvWriter(buffer, delimiter=";").writerow(["=cmd|' /C calc'!A0", "Verl"])
    assert buffer.getvalue().startswith("'=cmd|")


def test_an_xlsx_cell_beginning_like_a_formula_is_stored_as_text():
    book = Workbook()
    append_row(book.active, ["=1+1", "-5", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows())
    assert [(c.value, c.data_type) for c in row] == [("=1+1", "s"), ("-5", "s"), (3, "n")]


def test_a_table_in_an_xlsx_book_stores_formula_like_cells_as_text():
    book = XlsxBook()
    book.sheet("Rückmeldungen").table(["Grund"], [["=1+1"]])
    row = list(load_workbook(io.BytesIO(book.to_bytes())).active.iter_rows())[1]
    assert [(c.value, c.data_type) for c in row] == [("=1+1", "s")]


def test_an_xlsx_sheet_name_is_cut_to_the_31_characters_excel_allows():
    book = XlsxBook()
    book.sheet("Überfällige und blockierte Teilschritte")
    assert load_workbook(io.BytesIO(book.to_bytes())).sheetnames == [
        "Überfällige und blockierte Teil"
    ]

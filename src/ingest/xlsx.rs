//! Streaming XLSX worksheets: calamine's cell reader
//! (`Xlsx::worksheet_cells_reader`) hands cells in file order and each row
//! goes to the `TableBuilder` as soon as it is complete, so a worksheet
//! never exists as a whole grid of cells (issue 9: peak memory ≤ 2× the
//! file). The table is the one the grid path (`excel::read_xlsx_grid`)
//! builds, cell for cell and row number for row number.
//!
//! The grid path sizes its rows from the non-empty cells of the whole sheet,
//! which streaming only knows at the end. We take the columns from the
//! sheet's declared `<dimension>` and check them at the end against the
//! cells actually seen; when the grid's rows would differ (the first used
//! column is not the declared one, a missing dimension), when rows come out
//! of order, or on any parser error, `stream_sheet` gives up (`None`) and
//! the caller reads that sheet through the grid instead. Merged cells need
//! nothing more: both paths see a merged region's value in its top-left
//! cell only.

use super::excel::cell_ref_text;
use super::header::TableBuilder;
use super::table::{Source, Table};
use super::IngestOptions;
use crate::error::{Error, ErrorKind, Position};
use calamine::DataRef;
use std::borrow::Cow;

/// Columns of a worksheet at most (Excel's limit, XFD).
const MAX_COLUMNS: u32 = 16_384;

/// One worksheet streamed into a table, or `None` when only the grid path
/// can give the right answer for it.
pub fn stream_sheet<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    source: &Source,
    opts: &IngestOptions,
) -> Option<(Option<Table>, Vec<Error>)> {
    let sheet = source.sheet.as_deref()?;
    let mut reader = wb.worksheet_cells_reader(sheet).ok()?;
    let dim = reader.dimensions();
    let (c0, c1) = (dim.start.1, dim.end.1);
    if c1 < c0 || c1 - c0 >= MAX_COLUMNS {
        return None;
    }
    let mut rows = Rows {
        builder: TableBuilder::new(source.clone(), opts),
        cells: vec![DataRef::Empty; (c1 - c0 + 1) as usize],
        current: None,
        pushed: None,
    };
    let (mut min_col, mut max_col) = (u32::MAX, 0);
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(_) => return None,
        };
        let (r, c) = cell.get_position();
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        if c < c0 || c > c1 {
            return None;
        }
        min_col = min_col.min(c);
        max_col = max_col.max(c);
        match rows.current {
            Some(k) if k == r => {}
            // Rows out of order: the grid path sorts them, we cannot.
            Some(k) if r < k => return None,
            _ => {
                rows.flush();
                rows.current = Some(r);
            }
        }
        let slot = rows.cells.get_mut((c - c0) as usize)?;
        *slot = value.clone();
    }
    rows.flush();
    if rows.pushed.is_none() {
        // An empty sheet ("Sheet2") is a note, not a failure (as the grid path says).
        let pos = Position::file(&source.file).sheet(Some(sheet));
        return Some((None, vec![Error::new(ErrorKind::Empty { pos })]));
    }
    // The grid's rows start at the first used column: ours must too. They
    // may be wider than the grid's (a merged title over blank cells widens
    // the dimension): the builder drops trailing empty cells, and only looks
    // at a row's width to tell a one-column sheet, which must then be one.
    if min_col != c0 || (max_col == c0 && c1 > c0) {
        return None;
    }
    Some(rows.builder.finish())
}

/// The row being filled and what has been handed to the builder.
struct Rows<'a> {
    builder: TableBuilder,
    /// Cells of the current row, one per column of the dimension.
    cells: Vec<DataRef<'a>>,
    /// 0-based index of the row being filled.
    current: Option<u32>,
    /// 0-based index of the last row pushed.
    pushed: Option<u32>,
}

impl Rows<'_> {
    /// Hand the current row to the builder, after the blank rows between it
    /// and the previous one (the grid has them as rows of empty cells).
    fn flush(&mut self) {
        let Some(r) = self.current.take() else { return };
        let width = self.cells.len();
        if let Some(p) = self.pushed {
            for blank in p.saturating_add(1)..r {
                self.builder.push(blank.saturating_add(1), std::iter::repeat_n("", width));
            }
        }
        let text: Vec<Cow<'_, str>> = self.cells.iter().map(cell_ref_text).collect();
        self.builder.push(r.saturating_add(1), text.iter().map(|c| c.as_ref()));
        self.cells.iter_mut().for_each(|c| *c = DataRef::Empty);
        self.pushed = Some(r);
    }
}

//! The cases export as an XLSX workbook (as courts' systems export it:
//! amounts as numbers, IDs and dates as text), written with rust_xlsxwriter.

use super::cases;
use super::people;
use rust_xlsxwriter::{Workbook, XlsxError};

/// A workbook of the first `n` cases of a file of `n` rows.
pub fn cases_workbook(n: u64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("终本案件")?;
    let headers: Vec<&str> = cases::HEADER.trim_end().split(',').collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for i in 0..n {
        let c = cases::case(i, n);
        let r = i as u32 + 1;
        let parties: Vec<people::Party> = c.debtors.iter().map(|&d| cases::debtor(d)).collect();
        let names: Vec<&str> = parties.iter().map(|p| p.name.as_str()).collect();
        let ids: Vec<&str> = parties.iter().map(|p| p.id.as_str()).collect();
        ws.write_string(r, 0, cases::case_no(&c))?;
        ws.write_string(r, 1, &c.applicant.name)?;
        ws.write_string(r, 2, names.join("、"))?;
        ws.write_string(r, 3, ids.join("、"))?;
        ws.write_number(r, 4, c.target_fen as f64 / 100.0)?;
        ws.write_number(r, 5, c.paid_fen as f64 / 100.0)?;
        ws.write_number(r, 6, (c.target_fen - c.paid_fen) as f64 / 100.0)?;
        ws.write_string(r, 7, people::ymd(c.filed))?;
        if let Some(d) = c.closed {
            ws.write_string(r, 8, people::ymd(d))?;
        }
        ws.write_string(r, 9, c.close_method)?;
        ws.write_string(r, 10, &c.judge)?;
        ws.write_string(r, 11, cases::COURTS[c.court].1)?;
        if let Some(d) = c.restored_date {
            ws.write_string(r, 12, people::ymd(d))?;
        }
    }
    wb.save_to_buffer()
}

/// A cases workbook of roughly `bytes` bytes: sized from a 20,000-row sample.
pub fn cases_workbook_of_size(bytes: u64) -> Result<(Vec<u8>, u64), XlsxError> {
    let sample = 20_000;
    let per_row = (cases_workbook(sample)?.len() as f64 / sample as f64).max(1.0);
    let n = (bytes as f64 / per_row) as u64;
    Ok((cases_workbook(n)?, n))
}

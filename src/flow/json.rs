//! The flow report as pretty JSON, written lead by lead: each lead's
//! evidence rows are built from its transaction indices just before it is
//! written and dropped just after, so the whole report with evidence never
//! sits in memory. The bytes are those of `serde_json::to_writer_pretty` on
//! a [`report`](super::report) (tested below).

use super::lead;
use super::txn::FlowData;
use super::FlowReport;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

/// Write `r` (from `report_indexed` or `report` on `d`) as pretty JSON.
pub fn write_report<W: std::io::Write>(w: W, r: &FlowReport, d: &FlowData) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(w, &WithEvidence { r, d })
}

struct WithEvidence<'a> {
    r: &'a FlowReport,
    d: &'a FlowData,
}

struct Leads<'a> {
    r: &'a FlowReport,
    d: &'a FlowData,
}

impl Serialize for WithEvidence<'_> {
    // Field names and order as `#[derive(Serialize)]` on `FlowReport`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.r;
        let mut st = s.serialize_struct("FlowReport", 7)?;
        st.serialize_field("leads", &Leads { r, d: self.d })?;
        st.serialize_field("accounts", &r.accounts)?;
        st.serialize_field("files", &r.files)?;
        st.serialize_field("stats", &r.stats)?;
        st.serialize_field("unparsed", &r.unparsed)?;
        st.serialize_field("not_evaluated", &r.not_evaluated)?;
        st.serialize_field("subjects", &r.subjects)?;
        st.end()
    }
}

impl Serialize for Leads<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.r.leads.len()))?;
        for l in &self.r.leads {
            if l.transactions.is_empty() && !l.rows.is_empty() {
                let mut full = l.clone();
                lead::materialise(self.d, &mut full);
                seq.serialize_element(&full)?;
            } else {
                seq.serialize_element(l)?;
            }
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{self, FlowOptions};
    use crate::ingest::{self, Dataset, IngestOptions};

    /// Every statement fixture of `tests/data/flow`, read as the CLI reads it.
    fn fixtures() -> Vec<Dataset> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/flow");
        let mut names: Vec<_> = std::fs::read_dir(&dir).map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
        names.sort();
        let mut out = Vec::new();
        for p in names.iter().filter(|p| p.is_file()) {
            let Ok(bytes) = std::fs::read(p) else { continue };
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            if let Ok(l) = ingest::read(&name, &bytes, &IngestOptions::new()) {
                out.extend(l.tables.into_iter().map(Dataset::new));
            }
        }
        out
    }

    #[test]
    fn streamed_json_is_the_materialised_reports_json() {
        let ds = fixtures();
        let opts = FlowOptions::default();
        let d = flow::build(&ds, &opts, &mut |_, _, _| {}).unwrap_or_default();
        let full = flow::report(&d, &opts, &mut |_, _, _| {});
        assert!(full.leads.iter().any(|l| !l.transactions.is_empty()), "the fixtures give leads with evidence");
        let expected = serde_json::to_vec_pretty(&full).unwrap_or_default();
        let indexed = flow::report_indexed(&d, &opts, &mut |_, _, _| {});
        assert!(indexed.leads.iter().all(|l| l.transactions.is_empty()), "indexed leads carry no evidence rows");
        let mut streamed = Vec::new();
        write_report(&mut streamed, &indexed, &d).unwrap_or_default();
        assert_eq!(String::from_utf8_lossy(&streamed), String::from_utf8_lossy(&expected));
        // A slice materialised on demand equals the same slice of the full report.
        let n = indexed.leads.len();
        let mid = indexed.materialise(&d, n / 2..n + 5);
        let want = full.leads.get(n / 2..).unwrap_or_default();
        assert_eq!(mid.len(), want.len());
        for (a, b) in mid.iter().zip(want) {
            assert_eq!((&a.fingerprint, &a.transactions), (&b.fingerprint, &b.transactions));
        }
        assert!(indexed.materialise(&d, n + 1..n + 3).is_empty());
    }
}

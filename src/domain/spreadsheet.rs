//! Cells of a CSV that people open in a spreadsheet program.

/// Spreadsheet programs run a cell that starts with one of these as a
/// formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell made safe to open in a spreadsheet: one that would start a formula
/// gets a leading apostrophe, which [`restore`] takes off again.
pub fn neutralise(value: &str) -> String {
    if value.starts_with(FORMULA_STARTS) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// A cell as [`neutralise`] wrote it, back as it was.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_restored() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("Acme"), "Acme");
        for cell in ["=1+1", "+33 1", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(restore(&neutralise(cell)), cell);
        }
        assert_eq!(
            restore("'quoted"),
            "'quoted",
            "an apostrophe of the text stays"
        );
    }
}

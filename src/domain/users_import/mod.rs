//! Reading an *Import CSV* file of a customer's users (the format of
//! [`super::users_csv`]): the whole file is checked before anything is
//! written, and every problem is reported with its line and column. What a
//! file can be checked for without the database is checked here; the rest
//! (an added user who exists, a modified one who does not, the plan's limit,
//! the last administrator) by the use case that applies it.

use std::collections::{HashMap, HashSet};

use super::spreadsheet::restore;
use super::users_csv::FIXED_COLUMNS;
use super::validate;

/// The largest file taken, in bytes; the page says so.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// The most rows a file may hold.
pub const MAX_ROWS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    Add,
    Modify,
    Remove,
}

/// One row of the file, read and checked on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row's line in the file, counting the header as line 1.
    pub line: u64,
    pub action: RowAction,
    /// Lower-cased.
    pub email: String,
    pub full_name: String,
    pub username: String,
    /// A role's code, or empty (keep it; `user` for an added person).
    pub role: String,
    /// A package's name, or empty.
    pub package: String,
    /// A language code, or empty.
    pub language: String,
    pub phone: String,
    /// One per package column, in the header's order: TRUE, FALSE, or blank.
    pub packages: Vec<Option<bool>>,
}

/// A problem in one cell (or, with no column, one line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub line: u64,
    pub column: String,
    /// A message key, translated when shown.
    pub key: &'static str,
}

/// Why a whole file was refused before its rows were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRefusal {
    Empty,
    TooLarge,
    NotUtf8 { line: u64 },
    MissingColumn(String),
    UnknownColumn(String),
    DuplicateColumn(String),
    NoRows,
    TooManyRows,
}

impl FileRefusal {
    /// The message key and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            FileRefusal::Empty => ("import-file-empty", vec![]),
            FileRefusal::TooLarge => ("import-file-too-large", vec![]),
            FileRefusal::NotUtf8 { line } => {
                ("import-file-not-utf8", vec![("line", line.to_string())])
            }
            FileRefusal::MissingColumn(c) => ("import-column-missing", vec![("column", c.clone())]),
            FileRefusal::UnknownColumn(c) => ("import-column-unknown", vec![("column", c.clone())]),
            FileRefusal::DuplicateColumn(c) => ("import-column-twice", vec![("column", c.clone())]),
            FileRefusal::NoRows => ("import-file-no-rows", vec![]),
            FileRefusal::TooManyRows => ("import-file-too-many-rows", vec![]),
        }
    }
}

/// A file read: its package columns, its rows that passed, and the problems
/// of the others.
#[derive(Debug, Default)]
pub struct ReadFile {
    pub package_columns: Vec<String>,
    pub rows: Vec<ImportRow>,
    pub problems: Vec<CellProblem>,
}

/// Reads a file whose package columns may name `packages`. Commas or
/// semicolons, with or without a byte-order mark, CRLF or LF.
pub fn read(bytes: &[u8], packages: &[String]) -> Result<ReadFile, FileRefusal> {
    if bytes.len() > MAX_BYTES {
        return Err(FileRefusal::TooLarge);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64
                + 1;
            return Err(FileRefusal::NotUtf8 { line });
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Lines counted alike whatever ends them.
    let text = text.replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err(FileRefusal::Empty);
    }
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => return Err(FileRefusal::Empty),
    };
    let columns = Columns::of(&header, packages)?;
    let mut file = ReadFile {
        package_columns: columns
            .packages
            .iter()
            .map(|(name, _)| name.clone())
            .collect(),
        ..Default::default()
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut count = 0usize;
    for record in records {
        let (line, record) = match record {
            Ok(r) => (r.position().map_or(0, |p| p.line()), r),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                file.problems.push(CellProblem {
                    line,
                    column: String::new(),
                    key: "import-line-unreadable",
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        count += 1;
        if count > MAX_ROWS {
            return Err(FileRefusal::TooManyRows);
        }
        if record.len() != header.len() {
            file.problems.push(CellProblem {
                line,
                column: String::new(),
                key: if record.len() > header.len() {
                    "import-line-too-many-fields"
                } else {
                    "import-line-too-few-fields"
                },
            });
            continue;
        }
        match columns.row(line, &record) {
            Ok(row) => {
                if !seen.insert(row.email.clone()) {
                    file.problems.push(CellProblem {
                        line,
                        column: "email".into(),
                        key: "import-email-twice",
                    });
                } else {
                    file.rows.push(row);
                }
            }
            Err(mut problems) => file.problems.append(&mut problems),
        }
    }
    if count == 0 {
        return Err(FileRefusal::NoRows);
    }
    Ok(file)
}

/// Where each column is in the header.
struct Columns {
    fixed: HashMap<&'static str, usize>,
    /// The package columns: name and place.
    packages: Vec<(String, usize)>,
}

impl Columns {
    fn of(header: &csv::StringRecord, packages: &[String]) -> Result<Columns, FileRefusal> {
        let mut fixed = HashMap::new();
        let mut found_packages: Vec<(String, usize)> = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim();
            if let Some(known) = FIXED_COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) {
                if fixed.insert(*known, i).is_some() {
                    return Err(FileRefusal::DuplicateColumn(name.to_string()));
                }
            } else if let Some(p) = packages.iter().find(|p| p.eq_ignore_ascii_case(name)) {
                if found_packages.iter().any(|(n, _)| n == p) {
                    return Err(FileRefusal::DuplicateColumn(name.to_string()));
                }
                found_packages.push((p.clone(), i));
            } else {
                return Err(FileRefusal::UnknownColumn(name.to_string()));
            }
        }
        if let Some(missing) = FIXED_COLUMNS.iter().find(|c| !fixed.contains_key(*c)) {
            return Err(FileRefusal::MissingColumn(missing.to_string()));
        }
        Ok(Columns {
            fixed,
            packages: found_packages,
        })
    }

    fn cell<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        restore(record.get(self.fixed[column]).unwrap_or_default().trim())
    }

    /// One record as a row, or its problems.
    fn row(&self, line: u64, record: &csv::StringRecord) -> Result<ImportRow, Vec<CellProblem>> {
        let mut problems = Vec::new();
        let mut problem = |column: &str, key: &'static str| {
            problems.push(CellProblem {
                line,
                column: column.to_string(),
                key,
            })
        };
        let action = match self.cell(record, "action").to_ascii_lowercase().as_str() {
            "add" => Some(RowAction::Add),
            "modify" => Some(RowAction::Modify),
            "remove" => Some(RowAction::Remove),
            "" => {
                problem("action", "import-action-missing");
                None
            }
            _ => {
                problem("action", "import-action-unknown");
                None
            }
        };
        let email = match validate::email(self.cell(record, "email")) {
            Ok(e) => e,
            Err(p) => {
                problem("email", p.key);
                String::new()
            }
        };
        let full_name = self.cell(record, "full_name").to_string();
        if action == Some(RowAction::Add) && full_name.is_empty() {
            problem("full_name", "field-required");
        }
        if full_name.chars().count() > validate::MAX_NAME {
            problem("full_name", "import-text-too-long");
        }
        let role = self.cell(record, "role").to_ascii_lowercase();
        if !role.is_empty() && !["user", "integrator", "customer_admin"].contains(&role.as_str()) {
            problem("role", "user-role-unknown");
        }
        let language = self.cell(record, "language").to_ascii_lowercase();
        if !language.is_empty() && crate::i18n::Lang::from_code(&language).is_none() {
            problem("language", "language-unknown");
        }
        // Whether the package is the product's is the use case's check.
        let package = self.cell(record, "package").to_string();
        let mut flags = Vec::with_capacity(self.packages.len());
        for (name, i) in &self.packages {
            let cell = record.get(*i).unwrap_or_default().trim();
            flags.push(match cell.to_ascii_uppercase().as_str() {
                "" => None,
                "TRUE" => Some(true),
                "FALSE" => Some(false),
                _ => {
                    problems.push(CellProblem {
                        line,
                        column: name.clone(),
                        key: "import-flag-invalid",
                    });
                    None
                }
            });
        }
        let (Some(mut action), true) = (action, problems.is_empty()) else {
            return Err(problems);
        };
        // A row whose package columns are all FALSE removes that user.
        if !flags.is_empty() && flags.iter().all(|f| *f == Some(false)) {
            action = RowAction::Remove;
        }
        Ok(ImportRow {
            line,
            action,
            email,
            full_name,
            username: self.cell(record, "username").to_string(),
            role,
            package,
            language,
            phone: self.cell(record, "phone").to_string(),
            packages: flags,
        })
    }
}

#[cfg(test)]
mod tests;

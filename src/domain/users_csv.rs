//! The users' CSV: the one format of *Export CSV* and *Import CSV*, so that
//! an export edited and imported again changes only what was edited. The
//! fixed columns, then one column per package of the customer's product
//! holding `TRUE` or `FALSE` (blank: leave as is).

use super::spreadsheet::neutralise;

/// The fixed columns, in order.
pub const FIXED_COLUMNS: [&str; 8] = [
    "action",
    "email",
    "full_name",
    "username",
    "role",
    "package",
    "language",
    "phone",
];

/// The header for a product whose packages are `packages`, by name.
pub fn header(packages: &[String]) -> Vec<String> {
    FIXED_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(packages.iter().cloned())
        .collect()
}

/// What the export writes of one person.
pub struct Person<'a> {
    pub email: &'a str,
    pub full_name: &'a str,
    pub username: &'a str,
    pub role: &'a str,
    /// The name of the package held, if any.
    pub package: Option<&'a str>,
    pub language: &'a str,
    pub phone: &'a str,
}

/// One person's record, as `modify` (so that importing it back changes
/// nothing): the package held is `TRUE` in its column, the others blank.
pub fn record(p: &Person, packages: &[String]) -> Vec<String> {
    let fixed = [
        "modify",
        p.email,
        p.full_name,
        p.username,
        p.role,
        p.package.unwrap_or(""),
        p.language,
        p.phone,
    ];
    fixed
        .iter()
        .map(|v| neutralise(v))
        .chain(packages.iter().map(|name| {
            if Some(name.as_str()) == p.package {
                "TRUE".to_string()
            } else {
                String::new()
            }
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::spreadsheet::restore;

    #[test]
    fn a_record_marks_the_package_held_and_defuses_formulas() {
        let packages = vec!["Basic".to_string(), "Pro".to_string()];
        let p = Person {
            email: "ann@example.com",
            full_name: "=HYPERLINK(\"x\")",
            username: "ann@example.com",
            role: "user",
            package: Some("Pro"),
            language: "fr",
            phone: "+33 1 23",
        };
        assert_eq!(
            record(&p, &packages),
            [
                "modify",
                "ann@example.com",
                "'=HYPERLINK(\"x\")",
                "ann@example.com",
                "user",
                "Pro",
                "fr",
                "'+33 1 23",
                "",
                "TRUE"
            ]
        );
        assert_eq!(restore("'+33 1 23"), "+33 1 23");
        assert_eq!(
            header(&packages).join(","),
            "action,email,full_name,username,role,package,language,phone,Basic,Pro"
        );
    }
}

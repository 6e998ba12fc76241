use super::*;

fn packages() -> Vec<String> {
    vec!["Basic".into(), "Pro".into()]
}

const HEADER: &str = "action,email,full_name,username,role,package,language,phone,Basic,Pro";

fn read_text(text: &str) -> Result<ReadFile, FileRefusal> {
    read(text.as_bytes(), &packages())
}

/// A file's problems as line, column and message key.
fn problems(file: &ReadFile) -> Vec<(u64, &str, &str)> {
    file.problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.key))
        .collect()
}

#[test]
fn a_good_file_in_every_dialect_reads_alike() {
    let lf = format!(
        "{HEADER}\nadd,Ann@Example.com,Ann,ann,user,Basic,fr,'+33 1,TRUE,\nremove,bob@example.com,,,,,,,,\n"
    );
    let crlf_bom = format!("\u{FEFF}{}", lf.replace('\n', "\r\n"));
    let semicolons = lf.replace(',', ";");
    let mut outcomes = Vec::new();
    for text in [lf, crlf_bom, semicolons] {
        let file = read_text(&text).unwrap();
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        outcomes.push(file.rows);
    }
    assert_eq!(outcomes[0], outcomes[1]);
    assert_eq!(outcomes[0], outcomes[2]);
    let ann = &outcomes[0][0];
    assert_eq!(
        (ann.line, ann.action, ann.email.as_str(), ann.phone.as_str()),
        (2, RowAction::Add, "ann@example.com", "+33 1"),
        "e-mails lower-cased, a defused cell restored"
    );
    assert_eq!(ann.packages, [Some(true), None]);
    assert_eq!(outcomes[0][1].action, RowAction::Remove);
}

#[test]
fn all_package_columns_false_removes_the_user() {
    let file = read_text(&format!(
        "{HEADER}\nmodify,ann@example.com,,,,,,,FALSE,false\n"
    ))
    .unwrap();
    assert_eq!(file.rows[0].action, RowAction::Remove);
    let file = read_text(&format!("{HEADER}\nmodify,ann@example.com,,,,,,,FALSE,\n")).unwrap();
    assert_eq!(
        file.rows[0].action,
        RowAction::Modify,
        "a blank column leaves as is"
    );
}

#[test]
fn each_bad_cell_is_reported_with_its_line_and_column() {
    let text = format!(
        "{HEADER}\n\
         add,not-an-email,Ann,,user,,en,,,\n\
         drop,bob@example.com,Bob,,user,,en,,,\n\
         add,cy@example.com,,,boss,,xx,,maybe,\n\
         add,dee@example.com,Dee,,user,,en,,,,extra\n\
         add,eve@example.com,Eve,,user,,en,,,\n\
         add,EVE@example.com,Eve again,,user,,en,,,\n\
         ,fay@example.com,Fay,,user,,en,,,\n"
    );
    let file = read_text(&text).unwrap();
    let found = problems(&file);
    assert_eq!(
        found,
        [
            (2, "email", "email-invalid"),
            (3, "action", "import-action-unknown"),
            (4, "full_name", "field-required"),
            (4, "role", "user-role-unknown"),
            (4, "language", "language-unknown"),
            (4, "Basic", "import-flag-invalid"),
            (5, "", "import-line-too-many-fields"),
            (7, "email", "import-email-twice"),
            (8, "action", "import-action-missing"),
        ]
    );
    assert_eq!(file.rows.len(), 1, "only Eve's first row passed");
}

#[test]
fn whole_files_are_refused_with_a_reason() {
    let refusal = |bytes: &[u8]| read(bytes, &packages()).unwrap_err();
    assert_eq!(refusal(b""), FileRefusal::Empty);
    assert_eq!(refusal(HEADER.as_bytes()), FileRefusal::NoRows);
    assert_eq!(
        refusal(b"action,email,full_name\nadd,a@b.example,A\n"),
        FileRefusal::MissingColumn("username".into())
    );
    assert_eq!(
        refusal(format!("{HEADER},Gold\n").as_bytes()),
        FileRefusal::UnknownColumn("Gold".into())
    );
    assert_eq!(
        refusal(format!("{HEADER},Pro\n").as_bytes()),
        FileRefusal::DuplicateColumn("Pro".into())
    );
    let mut latin1 = format!("{HEADER}\nadd,a@b.example,Zo").into_bytes();
    latin1.extend([0xEB, b'\n']);
    assert_eq!(refusal(&latin1), FileRefusal::NotUtf8 { line: 2 });
    assert_eq!(
        refusal(&[0u8, 159, 146, 150]),
        FileRefusal::NotUtf8 { line: 1 }
    );
    let too_many = format!(
        "{HEADER}\n{}",
        "add,a@b.example,A,,user,,en,,,\n".repeat(MAX_ROWS + 1)
    );
    assert_eq!(refusal(too_many.as_bytes()), FileRefusal::TooManyRows);
}

#[test]
fn a_quote_left_open_is_reported_not_a_failure() {
    let text =
        format!("{HEADER}\nadd,a@b.example,\"Ann,,user,,en,,,\nadd,c@d.example,Cy,,user,,en,,,\n");
    let file = read_text(&text).unwrap();
    assert!(
        !file.problems.is_empty(),
        "the open quote swallows the rest: reported"
    );
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    // A header padded with spaces to exactly the limit is read; one byte
    // more is refused, whatever it holds.
    let mut text = HEADER.to_string();
    text.push('\n');
    text.push_str(&" ".repeat(MAX_BYTES - text.len()));
    assert!(!matches!(read_text(&text), Err(FileRefusal::TooLarge)));
    text.push(' ');
    assert!(matches!(read_text(&text), Err(FileRefusal::TooLarge)));
}

#[test]
fn the_row_limit_is_a_limit_and_short_lines_are_named() {
    // Exactly the limit is read; one row more is refused (above).
    let at_limit = format!(
        "{HEADER}\n{}",
        "add,a@b.example,A,,user,,en,,,\n".repeat(MAX_ROWS)
    );
    let file = read_text(&at_limit).expect("a file at the limit is read");
    // Every row is read, or reported (here, the same address again).
    assert_eq!(file.rows.len() + file.problems.len(), MAX_ROWS);
    let short = format!("{HEADER}\nadd,a@b.example,A\n");
    let file = read_text(&short).unwrap();
    let keys: Vec<&str> = file.problems.iter().map(|p| p.key).collect();
    assert_eq!(keys, ["import-line-too-few-fields"]);
}

#[test]
fn a_name_may_be_as_long_as_a_typed_one_counted_in_letters() {
    let longest = "é".repeat(crate::domain::validate::MAX_NAME);
    let text = format!(
        "{HEADER}\n\
         add,ann@example.com,{longest},,user,,en,,,\n\
         add,bob@example.com,{longest}e,,user,,en,,,\n"
    );
    let file = read_text(&text).unwrap();
    assert_eq!(file.rows.len(), 1);
    assert_eq!(file.rows[0].full_name, longest);
    let found = problems(&file);
    assert_eq!(found, [(3, "full_name", "import-text-too-long")]);
}

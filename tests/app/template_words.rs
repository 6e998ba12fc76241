//! Every word a person reads comes from the translation files: a template
//! holds markup and placeholders, never a literal word (a code in `<code>`
//! is a file's column name, not a word, and may stay).

/// Removes everything between `open` and `close` (inclusive).
fn strip(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        match rest[start..].find(close) {
            Some(end) => rest = &rest[start + end + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words of a template a person would read: text between tags, and the
/// attributes read aloud or shown (placeholder, title, aria-label, alt).
fn readable(template: &str) -> Vec<String> {
    let mut t = template.to_string();
    for (open, close) in [
        ("{#", "#}"),
        ("{{", "}}"),
        ("{%", "%}"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<code>", "</code>"),
    ] {
        t = strip(&t, open, close);
    }
    let mut found = Vec::new();
    for attr in ["placeholder=\"", "title=\"", "aria-label=\"", "alt=\""] {
        for part in t.split(attr).skip(1) {
            found.push(part.split('"').next().unwrap_or("").to_string());
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in t.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    found.extend(text.lines().map(str::to_string));
    found
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| {
            let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 2 && !s.starts_with("&") && !s.ends_with(';')
        })
        .collect()
}

fn templates() -> Vec<std::path::PathBuf> {
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates"
    ))];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn templates_hold_no_literal_word() {
    let files = templates();
    assert!(files.len() > 30, "found the templates: {}", files.len());
    let mut literal = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for words in readable(&text) {
            literal.push(format!("{}: {words}", path.display()));
        }
    }
    assert!(
        literal.is_empty(),
        "words outside the translation files: {literal:#?}"
    );
}

#[test]
fn the_check_finds_a_literal_word() {
    let found = readable(
        "<p>{{ ctx.t(\"hello\") }}</p><button title=\"Close\">×</button>\
         <p>Hello there</p><code>full_name</code>{# a comment #}",
    );
    assert_eq!(found, ["Close", "Hello there"]);
}

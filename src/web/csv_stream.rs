//! CSV downloads streamed page by page, so a million rows never sit in
//! memory: `fetch` returns one page and the cursor of the next (None when
//! it was the last).

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use futures_util::stream;

use crate::db::{AnyConnection, Pool};
use crate::web::request::error::AppError;

type Page<R, C> = (Vec<R>, Option<C>);

struct State<R, C, F> {
    pool: Pool,
    fetch: F,
    encode: fn(&R) -> Vec<String>,
    header: Option<Vec<String>>,
    cursor: Option<C>,
    done: bool,
}

fn write(header: Option<Vec<String>>, rows: &[Vec<String>]) -> Result<Bytes, AppError> {
    // A download opens with a byte-order mark, so spreadsheet programs read
    // UTF-8 (and accents) right.
    let start = match header {
        Some(_) => "\u{FEFF}".as_bytes().to_vec(),
        None => Vec::new(),
    };
    let mut w = csv::Writer::from_writer(start);
    let fail = |e: csv::Error| AppError::Internal(e.into());
    if let Some(h) = header {
        w.write_record(h).map_err(fail)?;
    }
    for r in rows {
        w.write_record(r).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(Bytes::from(bytes))
}

async fn next<R, C, F>(mut s: State<R, C, F>) -> Option<(Result<Bytes, AppError>, State<R, C, F>)>
where
    R: Send + 'static,
    C: Send + Clone + 'static,
    F: Fn(&mut AnyConnection, Option<C>) -> diesel::QueryResult<Page<R, C>>
        + Send
        + Clone
        + 'static,
{
    if s.done {
        return None;
    }
    let (fetch, cursor) = (s.fetch.clone(), s.cursor.clone());
    let chunk =
        match crate::web::request::database::run(&s.pool, move |c| Ok(fetch(c, cursor)?)).await {
            Ok((rows, next)) => {
                s.done = next.is_none();
                s.cursor = next;
                let encoded: Vec<Vec<String>> = rows.iter().map(s.encode).collect();
                write(s.header.take(), &encoded)
            }
            Err(e) => {
                s.done = true;
                Err(e)
            }
        };
    Some((chunk, s))
}

pub fn download<R, C, F>(
    pool: Pool,
    filename: &str,
    header: Vec<String>,
    fetch: F,
    encode: fn(&R) -> Vec<String>,
) -> HttpResponse
where
    R: Send + 'static,
    C: Send + Clone + 'static,
    F: Fn(&mut AnyConnection, Option<C>) -> diesel::QueryResult<Page<R, C>>
        + Send
        + Clone
        + 'static,
{
    let start = State {
        pool,
        fetch,
        encode,
        header: Some(header),
        cursor: None,
        done: false,
    };
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(stream::unfold(start, next))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_download_starts_with_a_byte_order_mark_then_its_header() {
        let first = super::write(
            Some(vec!["name".into(), "city".into()]),
            &[vec!["Zoë".into(), "Köln".into()]],
        )
        .unwrap();
        assert_eq!(
            std::str::from_utf8(&first).unwrap(),
            "\u{FEFF}name,city\nZoë,Köln\n"
        );
        let later = super::write(None, &[vec!["a".into(), "b".into()]]).unwrap();
        assert_eq!(&later[..], b"a,b\n");
    }
}

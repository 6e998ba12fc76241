//! A browser for the tests: a cookie jar, redirects not followed, and the
//! session's CSRF token added to every form it posts.

use reqwest::redirect::Policy;

use crate::helpers::TestApp;

/// A browser session against the test app.
pub struct Client {
    pub http: reqwest::Client,
    base: String,
    csrf: Option<String>,
}

pub fn csrf_of(body: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker)? + marker.len();
    Some(body[start..].chars().take_while(|c| *c != '"').collect())
}

impl Client {
    /// A browser with its own cookie jar that does not follow redirects.
    pub fn new(base: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .build()
                .unwrap(),
            base: base.to_string(),
            csrf: None,
        }
    }

    /// A browser behind a reverse proxy that adds `X-Forwarded-For`.
    pub fn forwarded_for(base: &str, chain: &str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", chain.parse().unwrap());
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .default_headers(headers)
                .build()
                .unwrap(),
            base: base.to_string(),
            csrf: None,
        }
    }

    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .unwrap()
    }

    /// GETs a page and returns its status and body, remembering its CSRF token.
    pub async fn page(&mut self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        let body = res.text().await.unwrap();
        if let Some(token) = csrf_of(&body) {
            self.csrf = Some(token);
        }
        (status, body)
    }

    /// The session's CSRF token, read from a page when not known yet.
    pub async fn csrf(&mut self) -> String {
        if self.csrf.is_none() {
            // Logged in, /login redirects: any page of the session will do.
            for path in ["/login", "/", "/password/change"] {
                if self.csrf.is_none() {
                    self.page(path).await;
                }
            }
        }
        self.csrf.clone().expect("a page with a CSRF token")
    }

    /// POSTs a form with the session's CSRF token.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf().await;
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf_token", &token));
        self.post_raw(path, &fields).await
    }

    /// POSTs a form as htmx does (`HX-Request`), with the CSRF token.
    pub async fn post_htmx(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf().await;
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf_token", &token));
        self.http
            .post(format!("{}{}", self.base, path))
            .header("HX-Request", "true")
            .form(&fields)
            .send()
            .await
            .unwrap()
    }

    /// POSTs a form exactly as given (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}{}", self.base, path))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Sends this browser's requests to another instance (cookies follow:
    /// they belong to the host, whatever the port).
    pub fn rebase(&mut self, app: &TestApp) {
        self.base = app.address.clone();
    }

    /// Forgets the CSRF token, for when the session behind it changed.
    pub fn forget_csrf(&mut self) {
        self.csrf = None;
    }

    /// An htmx GET aimed at the page's content.
    pub async fn htmx_page(&mut self, path: &str) -> (u16, String) {
        let res = self
            .http
            .get(format!("{}{}", self.base, path))
            .header("HX-Request", "true")
            .header("HX-Target", "content")
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Logs in; the session's CSRF token changes with it, so the next form
    /// reads the new one from a page, as a browser does.
    pub async fn login(&mut self, username: &str, password: &str) -> reqwest::Response {
        let res = self
            .post("/login", &[("username", username), ("password", password)])
            .await;
        self.csrf = None;
        res
    }
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

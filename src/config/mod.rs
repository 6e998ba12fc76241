//! Configuration from the environment (or the same names as command-line
//! flags). Every variable is listed with its default in the README.

use clap::Args;

use crate::db::DatabaseUrl;

pub mod secret_files;

#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Where the data lives: sqlite://FILE or postgres://USER@HOST/DB.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://partnerdesk.db",
        hide_env_values = true
    )]
    pub database_url: String,

    /// Address and port the server listens on.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_BIND",
        default_value = "127.0.0.1:8080"
    )]
    pub bind: String,

    /// The address people use to reach Partnerdesk, for links in e-mails and
    /// on the console. Defaults to http://BIND.
    #[arg(long, global = true, env = "PARTNERDESK_BASE_URL")]
    pub base_url: Option<String>,

    /// Signs session cookies. When unset, one is generated on first start
    /// and kept in the database, so sessions survive restarts.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_SECRET_KEY",
        hide_env_values = true
    )]
    pub secret_key: Option<String>,

    /// SMTP server for outgoing mail, e.g. smtp://127.0.0.1:2525 or
    /// smtps://user:pass@host:465. Unset: mail stays in the outbox and the log.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_SMTP_URL",
        hide_env_values = true
    )]
    pub smtp_url: Option<String>,

    /// The From address of every message.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_MAIL_FROM",
        default_value = "Partnerdesk <partnerdesk@localhost>"
    )]
    pub mail_from: String,

    /// Keep sessions in Redis instead of the database, e.g. redis://127.0.0.1:6379.
    #[arg(long, global = true, env = "REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,

    /// bcrypt work factor for new password hashes (4 to 31).
    #[arg(long, global = true, env = "PARTNERDESK_BCRYPT_COST", default_value_t = 12,
          value_parser = clap::value_parser!(u32).range(4..=31))]
    pub bcrypt_cost: u32,

    /// Database connections per instance. Default: 16 on SQLite; on
    /// PostgreSQL twice this machine's cores, at least 4.
    #[arg(long, global = true, env = "PARTNERDESK_DB_POOL_SIZE")]
    pub db_pool_size: Option<u32>,

    /// Threads serving requests. Default: this machine's cores on SQLite;
    /// twice that on PostgreSQL, where a thread waits for the database.
    #[arg(long, global = true, env = "PARTNERDESK_WORKERS",
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub workers: Option<u32>,

    /// Hours a session lasts after its last change.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_SESSION_HOURS",
        default_value_t = 12
    )]
    pub session_hours: i64,

    /// Single sign-on providers a customer's users may use besides a local
    /// password, comma-separated (e.g. "Microsoft Entra ID,Okta").
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_SSO_PROVIDERS",
        default_value = ""
    )]
    pub sso_providers: String,

    /// Minutes a "Log in as" session lasts before the actor is brought back.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_IMPERSONATION_MINUTES",
        default_value_t = 60
    )]
    pub impersonation_minutes: i64,

    /// Login and forgot-password requests allowed per client IP and minute.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_RATE_LIMIT_PER_MINUTE",
        default_value_t = 20
    )]
    pub rate_limit_per_minute: u32,

    /// Seconds between two looks at the outbox.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_MAIL_POLL_SECONDS",
        default_value_t = 2.0
    )]
    pub mail_poll_seconds: f64,

    /// Let *Test connection* reach loopback, private, link-local and
    /// unique-local addresses (refused by default: the server's own network
    /// is no business of a reseller's).
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_ALLOW_PRIVATE_ENDPOINTS",
        default_value_t = false
    )]
    pub allow_private_endpoints: bool,

    /// Reverse proxies whose X-Forwarded-For and Forwarded headers are
    /// believed, comma-separated addresses or CIDRs (e.g.
    /// "127.0.0.1,10.0.0.0/8"). From anyone else they are ignored.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_TRUSTED_PROXIES",
        default_value = ""
    )]
    pub trusted_proxies: String,

    /// Log lines as "text" (colours only on a terminal) or "json" (one
    /// object per line, for log collectors).
    #[arg(long, global = true, env = "PARTNERDESK_LOG_FORMAT", default_value = "text",
          value_parser = ["text", "json"])]
    pub log_format: String,

    /// Seals stored credentials and e-mail secrets. Keep it outside the
    /// database (a file: PARTNERDESK_SEALING_KEY_FILE). Unset: derived from
    /// the secret key. At least 32 characters.
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_SEALING_KEY",
        hide_env_values = true
    )]
    pub sealing_key: Option<String>,

    /// Former sealing keys, comma-separated, still able to open what they
    /// sealed until `partnerdesk reseal` has run (see the README on rotation).
    #[arg(
        long,
        global = true,
        env = "PARTNERDESK_PREVIOUS_SEALING_KEYS",
        hide_env_values = true
    )]
    pub previous_sealing_keys: Option<String>,
}

/// Checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub bind: String,
    pub base_url: String,
    pub secret_key: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub redis_url: Option<String>,
    pub bcrypt_cost: u32,
    pub db_pool_size: u32,
    pub workers: usize,
    pub session_hours: i64,
    pub sso_providers: Vec<String>,
    pub impersonation_minutes: i64,
    pub mail_poll: std::time::Duration,
    pub requests_per_minute_per_ip: u32,
    /// The e-mail retry back-off unit (a minute; tests use less).
    pub mail_retry_unit_seconds: i64,
    pub allow_private_endpoints: bool,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub json_logs: bool,
    pub sealing_key: Option<String>,
    pub previous_sealing_keys: Vec<String>,
}

/// SQLite runs its queries in the server's own threads: more connections
/// keep every core busy. PostgreSQL runs them in its own processes: past
/// about twice the cores they only wait for each other (the PostgreSQL
/// wiki's rule of thumb; see `bench/README.md`).
fn default_pool_size(url: &DatabaseUrl) -> u32 {
    match url {
        DatabaseUrl::Sqlite(_) => 16,
        DatabaseUrl::Postgres(_) => (cores() * 2).max(4),
    }
}

/// A page's reads run on the thread serving it ([`crate::db::Pool::run_here`]).
/// SQLite answers on that thread: one per core keeps every core busy, and
/// more only take turns. PostgreSQL answers from its own processes: while
/// one thread waits for it, another can serve (see `bench/README.md`).
fn default_workers(url: &DatabaseUrl) -> u32 {
    match url {
        DatabaseUrl::Sqlite(_) => cores(),
        DatabaseUrl::Postgres(_) => cores() * 2,
    }
}

/// "10.0.0.1, 192.168.0.0/16" as networks; a lone address is its own /32
/// (or /128).
fn parse_proxies(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<ipnet::IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    format!("PARTNERDESK_TRUSTED_PROXIES: '{p}' is neither an address nor a CIDR")
                })
        })
        .collect()
}

fn cores() -> u32 {
    std::thread::available_parallelism().map_or(2, |n| n.get() as u32)
}

impl Config {
    pub fn from_args(args: ConfigArgs) -> Result<Self, String> {
        let database_url = DatabaseUrl::parse(&args.database_url)?;
        if let Some(key) = &args.secret_key {
            if key.len() < 32 {
                return Err("PARTNERDESK_SECRET_KEY must be at least 32 characters long".into());
            }
        }
        if let Some(smtp) = args.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            crate::mail::smtp::validate(smtp)?;
        }
        let base_url = args
            .base_url
            .unwrap_or_else(|| format!("http://{}", args.bind))
            .trim_end_matches('/')
            .to_string();
        url::Url::parse(&base_url)
            .map_err(|e| format!("PARTNERDESK_BASE_URL '{base_url}' is not a URL: {e}"))?;
        if args.session_hours < 1 {
            return Err("PARTNERDESK_SESSION_HOURS must be at least 1".into());
        }
        if args.impersonation_minutes < 1 {
            return Err("PARTNERDESK_IMPERSONATION_MINUTES must be at least 1".into());
        }
        let db_pool_size = args
            .db_pool_size
            .unwrap_or_else(|| default_pool_size(&database_url))
            .max(2);
        let workers = args
            .workers
            .unwrap_or_else(|| default_workers(&database_url)) as usize;
        let trusted_proxies = parse_proxies(&args.trusted_proxies)?;
        let previous_sealing_keys: Vec<String> = args
            .previous_sealing_keys
            .unwrap_or_default()
            .split(',')
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
        let sealing_key = args.sealing_key.filter(|k| !k.is_empty());
        for key in sealing_key.iter().chain(&previous_sealing_keys) {
            if key.len() < 32 {
                return Err("a sealing key must be at least 32 characters long".into());
            }
        }
        Ok(Config {
            trusted_proxies,
            json_logs: args.log_format == "json",
            sealing_key,
            previous_sealing_keys,
            impersonation_minutes: args.impersonation_minutes,
            mail_poll: std::time::Duration::from_secs_f64(
                args.mail_poll_seconds.clamp(0.05, 3600.0),
            ),
            mail_retry_unit_seconds: 60,
            requests_per_minute_per_ip: args.rate_limit_per_minute,
            allow_private_endpoints: args.allow_private_endpoints,
            database_url,
            bind: args.bind,
            base_url,
            secret_key: args.secret_key,
            smtp_url: args.smtp_url.filter(|u| !u.is_empty()),
            mail_from: args.mail_from,
            redis_url: args.redis_url.filter(|u| !u.is_empty()),
            bcrypt_cost: args.bcrypt_cost,
            db_pool_size,
            workers,
            session_hours: args.session_hours,
            sso_providers: args
                .sso_providers
                .split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        })
    }

    /// The settings in force, for the log at start: secrets only as "set".
    pub fn summary(&self) -> String {
        let set = |v: &Option<String>| if v.is_some() { "set" } else { "unset" };
        format!(
            "database={} bind={} base_url={} secret_key={} sealing_key={} smtp={} \
             redis={} mail_from={:?} workers={} db_pool_size={} session_hours={} \
             impersonation_minutes={} rate_limit_per_minute={} trusted_proxies={} \
             allow_private_endpoints={} json_logs={}",
            self.database_url.redacted(),
            self.bind,
            self.base_url,
            set(&self.secret_key),
            set(&self.sealing_key),
            set(&self.smtp_url),
            set(&self.redis_url),
            self.mail_from,
            self.workers,
            self.db_pool_size,
            self.session_hours,
            self.impersonation_minutes,
            self.requests_per_minute_per_ip,
            self.trusted_proxies.len(),
            self.allow_private_endpoints,
            self.json_logs,
        )
    }

    /// Cookies are marked Secure when people reach the server over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// Settings for tests: a database, a random port, a cheap bcrypt cost.
    pub fn for_tests(database_url: DatabaseUrl) -> Self {
        Config {
            database_url,
            bind: "127.0.0.1:0".into(),
            base_url: "http://127.0.0.1".into(),
            secret_key: None,
            smtp_url: None,
            mail_from: "Partnerdesk <partnerdesk@localhost>".into(),
            redis_url: None,
            bcrypt_cost: 4,
            db_pool_size: 4,
            workers: 2,
            session_hours: 12,
            sso_providers: vec!["Okta".into()],
            impersonation_minutes: 60,
            mail_poll: std::time::Duration::from_millis(50),
            mail_retry_unit_seconds: 1,
            requests_per_minute_per_ip: 100_000,
            // The tests' integrations listen on loopback.
            allow_private_endpoints: true,
            trusted_proxies: Vec::new(),
            json_logs: false,
            sealing_key: None,
            previous_sealing_keys: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: ConfigArgs,
    }

    fn config(args: &[&str]) -> Config {
        let cli = Cli::try_parse_from(std::iter::once("partnerdesk").chain(args.iter().copied()))
            .unwrap();
        Config::from_args(cli.config).unwrap()
    }

    fn pool_size(args: &[&str]) -> u32 {
        config(args).db_pool_size
    }

    fn workers(args: &[&str]) -> usize {
        config(args).workers
    }

    #[test]
    fn workers_follow_the_backend_unless_set() {
        let cores = std::thread::available_parallelism().unwrap().get();
        assert_eq!(workers(&["--database-url", "sqlite://x.db"]), cores);
        assert_eq!(workers(&["--database-url", "postgres://u@h/db"]), cores * 2);
        let set = ["--database-url", "sqlite://x.db", "--workers", "3"];
        assert_eq!(workers(&set), 3);
    }

    #[test]
    fn pool_size_follows_the_backend_unless_set() {
        assert_eq!(pool_size(&["--database-url", "sqlite://x.db"]), 16);
        let cores = std::thread::available_parallelism().unwrap().get() as u32;
        assert_eq!(
            pool_size(&["--database-url", "postgres://u@h/db"]),
            (cores * 2).max(4)
        );
        let set = ["--database-url", "postgres://u@h/db", "--db-pool-size", "9"];
        assert_eq!(pool_size(&set), 9);
    }
}

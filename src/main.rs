use std::process::ExitCode;

use clap::{Parser, Subcommand};
use partnerdesk::app::operators::{self, NewOperator};
use partnerdesk::config::{Config, ConfigArgs};
use partnerdesk::db::audit::AuditActor;
use partnerdesk::domain::roles::Role;
use partnerdesk::domain::validate;
use partnerdesk::startup::{self, Application};

/// Many small allocations per request (rows, strings, rendered HTML):
/// mimalloc serves them from per-thread heaps (without huge pages:
/// `partnerdesk::memory`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Partnerdesk — the partner portal where operators, resellers and support
/// staff create and run customer accounts.
#[derive(Parser)]
#[command(
    name = "partnerdesk",
    version,
    about,
    long_about = None,
    after_help = "Logging: RUST_LOG chooses what is written (default \"info,actix_server=warn\"; \
                  e.g. RUST_LOG=warn, or RUST_LOG=info,partnerdesk=debug).\n\
                  Every secret setting also reads from a file: NAME_FILE (e.g. DATABASE_URL_FILE)."
)]
struct Cli {
    #[command(flatten)]
    config: ConfigArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Create a platform operator. The password comes from
    /// PARTNERDESK_PASSWORD, or is asked on the terminal.
    CreateOperator {
        /// E-mail address; also the username.
        #[arg(long)]
        email: String,
        /// Full name.
        #[arg(long)]
        name: String,
    },
    /// Load demo data: resellers, plans, products, customers, users, sites,
    /// services. Running it again changes nothing. Refuses a database that
    /// already has operators, unless --force.
    Demo {
        /// Load it even into a database with real operators.
        #[arg(long)]
        force: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// The outbox, on this console: the one place an e-mail's links and
    /// passwords can be read besides the recipient's mailbox.
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    /// Copy a SQLite database to FILE, consistently, while the server runs
    /// (on PostgreSQL: use pg_dump).
    Backup {
        /// A new file for the copy.
        file: std::path::PathBuf,
    },
    /// Seal every stored secret anew with PARTNERDESK_SEALING_KEY, after a
    /// rotation (the former keys in PARTNERDESK_PREVIOUS_SEALING_KEYS).
    Reseal,
    /// Load the benchmark dataset: 1,000 resellers and N customers with 5
    /// users, 2 services and a subscription each (see bench/README.md).
    BenchSeed {
        /// How many customers.
        #[arg(long, default_value_t = 100_000)]
        customers: i64,
        /// Password of the two bench logins.
        #[arg(
            long,
            env = "PARTNERDESK_PASSWORD",
            default_value = "bench-password-2026",
            hide_env_values = true
        )]
        password: String,
    },
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// Print one message as it is sent, links and passwords included (for a
    /// first run without an SMTP server).
    Show {
        /// The message's number, as on the Outbox screen and in the log.
        id: i64,
    },
}

fn main() -> ExitCode {
    // Before the threads and their heaps are made.
    partnerdesk::memory::without_huge_pages();
    if let Err(e) = partnerdesk::config::secret_files::load_into_environment() {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    init_logging(cli.config.log_format == "json");
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `RUST_LOG` chooses what is written (default: info, and the server's
/// own chatter at warn); colours only when a person watches a terminal.
fn init_logging(json: bool) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,actix_server=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        logs.json().init();
    } else {
        logs.with_ansi(std::io::stdout().is_terminal()).init();
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_args(cli.config).map_err(anyhow::Error::msg)?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => {
            startup::prepare_database(&config)?;
            println!("Database {} is up to date.", config.database_url.redacted());
            Ok(())
        }
        Command::CreateOperator { email, name } => create_operator(&config, &email, &name),
        Command::Outbox {
            command: OutboxCommand::Show { id },
        } => {
            let pool = startup::prepare_database(&config)?;
            let keys = startup::sealing_keys(&config, &pool)?;
            let mut conn = pool.checkout()?;
            let message = partnerdesk::mail::sealed::show_on_console(&mut conn, &keys, id)?;
            print!("{message}");
            Ok(())
        }
        Command::Backup { file } => {
            let pool = startup::prepare_database(&config)?;
            let mut conn = pool.checkout()?;
            partnerdesk::db::backup::to_file(&mut conn, &file)?;
            println!("Backup written to {}.", file.display());
            Ok(())
        }
        Command::Reseal => {
            let pool = startup::prepare_database(&config)?;
            let keys = startup::sealing_keys(&config, &pool)?;
            let mut conn = pool.checkout()?;
            println!("{}", partnerdesk::reseal::run(&mut conn, &keys)?);
            Ok(())
        }
        Command::BenchSeed {
            customers,
            password,
        } => {
            let pool = startup::prepare_database(&config)?;
            let mut conn = pool.checkout()?;
            println!(
                "{}",
                partnerdesk::bench_seed::seed(&mut conn, customers, config.bcrypt_cost, &password)?
            );
            Ok(())
        }
        Command::Demo { force } => {
            let pool = startup::prepare_database(&config)?;
            let mut conn = pool.checkout()?;
            let summary = partnerdesk::demo::load(&mut conn, config.bcrypt_cost, force)?;
            println!("{summary}");
            Ok(())
        }
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let host = config.bind.rsplit_once(':').map_or("", |(h, _)| h).to_string();
        let settings = config.summary();
        let app = Application::build(config).await?;
        let bind = format!("{host}:{}", app.port());
        if let Some(url) = &app.setup_url {
            println!();
            println!("  Partnerdesk has no operator yet. Create the first one here (the link works once):");
            println!("  {url}");
            println!();
        }
        tracing::info!(
            version = env!("CARGO_PKG_VERSION"),
            settings = %settings,
            "Partnerdesk listening on http://{bind}"
        );
        app.run_until_stopped().await?;
        tracing::info!("Partnerdesk stopped");
        Ok(())
    })
}

fn create_operator(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let email = validate::email(email)
        .map_err(|_| anyhow::anyhow!("'{email}' is not a valid e-mail address"))?;
    let full_name = validate::required_text(name, validate::MAX_NAME)
        .map_err(|_| anyhow::anyhow!("--name must be 1 to 200 characters"))?;
    let password = match std::env::var("PARTNERDESK_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => rpassword::prompt_password(format!("Password for {email}: "))?,
    };
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.checkout()?;
    let actor = AuditActor {
        name: "command line".into(),
        ..Default::default()
    };
    let new = NewOperator {
        email: email.clone(),
        full_name,
        password,
    };
    operators::create(&mut conn, &new, Role::Operator, config.bcrypt_cost, &actor)?;
    println!("Operator {email} created.");
    Ok(())
}

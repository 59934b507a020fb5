use std::{io::IsTerminal, process::ExitCode};

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use ava_infrastructure::cipher::FernetCipher;
use ava_server::{
    config::{Config, LogFormat},
    startup::{self, Application},
};

/// Ava: the onboarding of AI voice receptionists.
#[derive(Parser)]
#[command(name = "ava-server", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the web app (migrations are applied first).
    Serve {
        /// Simulate Vapi and Twilio in this process, with demo credentials (also AVA_DEMO=1);
        /// only in a build with the `demo` feature (the default).
        #[arg(long)]
        demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Print a new key for ENCRYPTION_KEY.
    GenKey,
    /// Re-encrypt every stored secret with the first key of ENCRYPTION_KEY.
    RotateKeys,
    /// Print the onboarding funnel of the owners who signed up in a period.
    Funnel {
        /// The first day of sign-ups counted (YYYY-MM-DD, UTC); default: the first sign-up.
        #[arg(long)]
        from: Option<String>,
        /// The last day of sign-ups counted, included (YYYY-MM-DD, UTC); default: today.
        #[arg(long)]
        to: Option<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is the usual case, not an error.
    let _ = dotenvy::dotenv();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let format = LogFormat::from_env();
    match format {
        Ok(LogFormat::Json) => tracing_subscriber::fmt()
            .json()
            // The request's span (method, path, request id) on each line.
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .init(),
        _ => tracing_subscriber::fmt()
            .with_ansi(std::io::stdout().is_terminal())
            .with_env_filter(filter)
            .init(),
    }
    if let Err(error) = format {
        tracing::error!("{error}");
        return ExitCode::FAILURE;
    }
    // The default hook prints the panic's message, which may quote whatever
    // the code held (a request, a secret): log where it happened, not what.
    std::panic::set_hook(Box::new(|panic| {
        let location = panic
            .location()
            .map(|location| format!("{}:{}", location.file(), location.line()));
        tracing::error!(location, "panic");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::GenKey => {
            println!("{}", FernetCipher::generate_key());
            Ok(())
        }
        command => match Config::from_env() {
            Ok(config) => run(command, config).await,
            Err(error) => Err(error.to_string()),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, mut config: Config) -> Result<(), String> {
    match command {
        Command::Serve { demo } => {
            config.demo |= demo;
            let app = Application::build(&config)
                .await
                .map_err(|error| error.to_string())?;
            let addr = app.local_addr().map_err(|error| error.to_string())?;
            tracing::info!(%addr, web_app = config.static_dir.is_some(), "Ava is listening on http://{addr}");
            if let Some(metrics) = app.metrics_addr() {
                tracing::info!(%metrics, "GET /metrics is served on http://{metrics}/metrics only");
            }
            app.run_until(shutdown_signal())
                .await
                .map_err(|error| error.to_string())
        }
        Command::Migrate => {
            startup::open_store(&config)
                .await
                .map_err(|error| error.to_string())?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::RotateKeys => rotate_keys(&config).await,
        Command::Funnel { from, to } => {
            ava_server::funnel::print(&config, from.as_deref(), to.as_deref()).await
        }
        Command::GenKey => Ok(()),
    }
}

async fn rotate_keys(config: &Config) -> Result<(), String> {
    let store = startup::open_store(config)
        .await
        .map_err(|error| error.to_string())?;
    let cipher = startup::cipher(config).map_err(|error| error.to_string())?;
    // Provider URLs are not used by rotation; the defaults keep wiring uniform.
    let services = startup::services(
        &store,
        cipher,
        config.public_url.as_deref(),
        config,
        // Rotation sends no mail.
        startup::Outbox {
            mailer: std::sync::Arc::new(ava_infrastructure::mail::UnsentMailer),
            app_url: String::new(),
        },
    )
    .map_err(|error| error.to_string())?;
    let report = services
        .keys
        .rotate()
        .await
        .map_err(|error| error.to_string())?;
    println!(
        "re-encrypted: {}, already under the first key: {}, could not decrypt: {}",
        report.resealed,
        report.already_current,
        report.failed.len()
    );
    for (owner, field) in &report.failed {
        println!("  not decrypted: owner {owner}, {field}");
    }
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err("some secrets could not be decrypted with any key of ENCRYPTION_KEY; they were left as they are".to_owned())
    }
}

/// Ctrl-C, or SIGTERM from a container runtime.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

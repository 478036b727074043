//! The `shishi` binary: parses the command line and calls the library.

use std::process::ExitCode;

use clap::Parser;
use shishi::app::{connect, shutdown_signal, Application};
use shishi::cli::{Cli, Command, Config, ExportArgs, ExportWhat, ImportArgs};
use shishi::sync::source::read_file_capped;
use shishi::sync::{Importer, RunRequest, RunStatus, Trigger};

/// mimalloc returns freed memory to the system and keeps no per-thread
/// arenas of its own: with glibc's allocator, each blocking thread that read
/// a large table kept its arena, and the server's memory grew with every
/// upload that landed on a new thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match cli.settings.resolve() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(config.log_json);
    init_panic_log();
    match cli.command {
        Command::ExportSchema => {
            print!("{}", shishi::graphql::sdl());
            ExitCode::SUCCESS
        }
        Command::Migrate => match connect(&config.database_url).await {
            Ok(_) => {
                println!("migrations applied");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::Serve(args) => {
            let mut config = config;
            match shishi::cli::own_issuer(args.issuer) {
                Ok(Some(issuer)) => config.issuer = Some(issuer),
                Ok(None) => {}
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
            serve(config).await
        }
        Command::Import(args) => import(config, args).await,
        Command::Export(args) => export(config, args).await,
    }
}

/// Panics caught while reading a damaged file are logged, not printed raw.
fn init_panic_log() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(%at, "panic: {info}");
    }));
}

/// Logs to stderr, human-readable or as JSON lines; RUST_LOG filters.
fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sea_orm_migration=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn fail(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::FAILURE
}

async fn serve(config: Config) -> ExitCode {
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(e) => return fail(&e),
    };
    app.announce();
    match app.run_until_stopped(shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

async fn import(config: Config, args: ImportArgs) -> ExitCode {
    let options = match shishi::sync::ImportOptions::new(
        args.dry_run,
        args.merge,
        args.as_of,
        args.period.clone(),
        args.issuer.clone(),
        args.year,
        args.header_row.map(i64::from),
        args.columns.as_deref(),
    ) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    let db = match connect(&config.database_url).await {
        Ok(db) => db,
        Err(e) => return fail(&e),
    };
    let importer = Importer::new(db)
        .with_max_unpacked_bytes(config.max_unpacked_bytes())
        .with_own_issuer(config.issuer.clone());
    if let Err(e) = importer.claim_owner().await {
        return fail(&format!("cannot use the database: {e}"));
    }
    let mut failed = false;
    for file in &args.files {
        // Runs are shown to everyone who reads the API: they name the file,
        // not the folder it sat in on this machine.
        let source = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.display().to_string());
        let run = match read_file_capped(file, &source, config.max_upload_bytes).await {
            Ok(bytes) => {
                importer
                    .run(options.clone().into_request(RunRequest::new(
                        Trigger::Cli,
                        source.clone(),
                        bytes,
                    )))
                    .await
            }
            Err(e) => {
                importer
                    .record_source_error(Trigger::Cli, &source, None, e.code(), &e.to_string())
                    .await
            }
        };
        let run = match run {
            Ok(run) => run,
            Err(e) => return fail(&format!("cannot write the run log: {e}")),
        };
        println!(
            "{}: {} (run {}; {} rows read, {} projects created, {} updated)",
            file.display(),
            run.status,
            run.id,
            run.rows_read,
            run.projects_created,
            run.projects_updated
        );
        for w in shishi::sync::parse_warnings(&run.warnings) {
            let at = match (&w.sheet, w.row, &w.column) {
                (Some(s), Some(r), Some(c)) => format!("{s} row {r}, {c}: "),
                (Some(s), Some(r), None) => format!("{s} row {r}: "),
                _ => String::new(),
            };
            println!("  warning: {at}{}", w.message);
        }
        if let (Some(code), Some(message)) = (&run.error_code, &run.error_message) {
            println!("  error {code}: {message}");
        }
        failed |= RunStatus::parse(&run.status) == RunStatus::Failed;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `shishi export`: one file, written whole or not at all.
async fn export(config: Config, args: ExportArgs) -> ExitCode {
    use shishi::export::{HistoryFormat, ReportChoice, Scope};
    let db = match connect(&config.database_url).await {
        Ok(db) => db,
        Err(e) => return fail(&e),
    };
    let scope = Scope {
        year: args.year,
        issuer: args.issuer.map(|i| i.trim().to_owned()),
    };
    let file = match args.what {
        ExportWhat::Report { id } => {
            let choice = match id.trim() {
                "latest" => ReportChoice::Latest(scope),
                other => match other.parse::<i32>() {
                    Ok(id) => ReportChoice::Id(id),
                    Err(_) => {
                        return fail(&format!(
                            "'{other}' is not a report id; give the id the API shows, or latest"
                        ))
                    }
                },
            };
            shishi::export::report(&db, choice, &std::env::temp_dir()).await
        }
        ExportWhat::NextPeriod { unit, prefill } => {
            let unit = unit.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
            shishi::export::next_period(&db, &scope, unit, prefill, &std::env::temp_dir()).await
        }
        ExportWhat::Bulletin { as_of } => {
            shishi::export::files::bulletin(
                &db,
                &scope,
                as_of,
                &config.bulletin_template,
                &std::env::temp_dir(),
            )
            .await
        }
        ExportWhat::Notices { as_of, unit } => {
            let unit = unit.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
            shishi::export::files::notices(
                &db,
                &scope,
                as_of,
                unit,
                &config.bulletin_template,
                &std::env::temp_dir(),
            )
            .await
        }
        ExportWhat::History { format } => {
            let format = if format == "csv" {
                HistoryFormat::Csv
            } else {
                HistoryFormat::Xlsx
            };
            shishi::export::history(&db, &scope, format, &std::env::temp_dir()).await
        }
    };
    let file = match file {
        Ok(f) => f,
        Err(e) => return fail(&e.message()),
    };
    match shishi::export::save(&file, args.out.as_deref()) {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(path)) => {
            println!("wrote {} ({} bytes)", path.display(), file.size);
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

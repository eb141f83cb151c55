//! The command line: argument parsing and dispatch only.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use std::path::{Path, PathBuf};

use copydesk::annotate::check::check_sidecar;
use copydesk::annotate::rescue::{RescueFolder, merge_back};
use copydesk::annotate::schema::Status;
use copydesk::annotate::sidecar_path;
use copydesk::annotate::store::parse_sidecar;
use copydesk::article::collection::{Listed, Source, list};
use copydesk::article::serialize::ArticleJson;
use copydesk::article::{Article, LoadOptions, load};
use copydesk::extract::analysis::analyse_text;
use copydesk::extract::detect_json::DetectJson;
use copydesk::extract::lexicons::Lexicons;
use copydesk::interchange::Format;
use copydesk::interchange::document::{Layer, Selection};
use copydesk::interchange::export::ExportOptions;
use copydesk::interchange::hf::Scheme;
use copydesk::interchange::import::ImportFormat;
use copydesk::interchange::offsets::Unit;
use copydesk::parallel::parallel_map;
use copydesk::terminal_safe;
use copydesk::tui;
use copydesk::tui::library::Library;

mod cli_evaluate;
mod cli_export;
mod cli_feeds;

/// Exit status for bad input, as documented in README.
const BAD_INPUT: u8 = 2;

#[derive(Parser)]
#[command(
    name = "copydesk",
    version,
    about = "A terminal news reader and annotator"
)]
#[command(args_conflicts_with_subcommands = true, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Articles or folders to read in the terminal reader.
    paths: Vec<String>,
    #[command(flatten)]
    reader: ReaderArgs,
    #[command(flatten)]
    input: InputArgs,
}

/// How the reader looks and answers keys.
#[derive(Args)]
struct ReaderArgs {
    /// Keymap: `default` (vim-flavoured), `plain`, or one in the config directory.
    #[arg(long, default_value = "default")]
    keymap: String,
    /// Theme: `dark` (default), `light`, `high-contrast`, `mono`, or one in the config
    /// directory. NO_COLOR selects `mono`.
    #[arg(long)]
    theme: Option<String>,
    /// Leave the mouse to the terminal (its own text selection works).
    #[arg(long)]
    no_mouse: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print the cleaned article: metadata, captions and the annotatable text.
    Clean {
        /// Article files, or FILE#N / FILE#ID for one record of a JSON or JSONL corpus.
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Instead of the article, list where each input line went (title, a body
        /// paragraph, or the reason it was dropped), in input order.
        #[arg(long, conflicts_with = "format")]
        explain: bool,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Detect entities and claims; print them as JSON with code-point offsets into `text`.
    Detect {
        /// Article files, or FILE#N / FILE#ID for one record of a JSON or JSONL corpus.
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, value_enum, default_value_t = DetectFormat::Json)]
        format: DetectFormat,
        /// Articles processed at once; defaults to the number of cores.
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Validate sidecars against their articles: schema, offsets, quotes, orphans, ids.
    /// Prints one line per problem; exit status 1 if there is any.
    Check {
        /// Articles (their sidecars are found beside them) or sidecar files.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Merge decisions rescued when a save failed (listed otherwise) back into the
        /// sidecars, and remove the rescue files once saved.
        #[arg(long)]
        merge_rescued: bool,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Write annotated articles as a training set: spaCy/Prodigy JSONL or DocBin, Hugging
    /// Face JSONL, doccano, brat, Label Studio, CoNLL, W3C Web Annotation or CSV. Says on
    /// stderr what the format could not express, with counts.
    Export {
        /// Articles, folders or corpora; each article's sidecar is read beside it.
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Statuses to export, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "accepted,edited,manual")]
        status: Vec<StatusArg>,
        /// Mention and claim labels to export, comma-separated (default: all). For hf,
        /// required: their order numbers the tags.
        #[arg(long, value_delimiter = ',')]
        labels: Option<Vec<String>>,
        /// Tagging scheme of hf's ner_tags.
        #[arg(long, value_enum, default_value_t = SchemeArg::Iob2)]
        scheme: SchemeArg,
        /// Layers to export; an article goes out only when fully reviewed in each.
        #[arg(long, value_delimiter = ',', default_value = "entities,claims")]
        layers: Vec<LayerArg>,
        /// Also write articles not fully reviewed, their unreviewed text marked missing
        /// (spacy/prodigy, labelstudio, w3c and the DocBin/Hugging Face formats only).
        #[arg(long)]
        include_partial: bool,
        /// Output file (a folder for brat); standard output when absent.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// What doccano's offsets count (default utf16, as doccano counts; grapheme for
        /// a project that counts grapheme clusters). Other formats have one unit each.
        #[arg(long, value_enum, value_name = "UNIT")]
        offsets: Option<OffsetsArg>,
        /// Articles processed at once; defaults to the number of cores.
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Read another tool's annotations into the sidecars as `suggested` items.
    Import {
        /// The file to import (for brat, an .ann file or a folder of .txt/.ann pairs).
        file: String,
        #[arg(long, value_enum)]
        format: ImportFormatArg,
        /// Who made them, recorded as their origin: NAME or NAME@VERSION (default: the format).
        #[arg(long, value_name = "NAME")]
        origin: Option<String>,
        /// Articles to match records against by text, when the file does not name them.
        #[arg(long, value_name = "PATH", num_args = 1..)]
        to: Vec<String>,
        /// What doccano's offsets count (default utf16, as doccano counts). Other
        /// formats have one unit each.
        #[arg(long, value_enum, value_name = "UNIT")]
        offsets: Option<OffsetsArg>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Precision, recall and F1 of an extractor's suggestions against what people
    /// decided, per label and overall, for entities and claims.
    Eval {
        /// Articles (their sidecars), sidecars, or folders of them.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Only this extractor's suggestions (default: every extractor's). With
        /// --predictions, the name the file's predictions go by: NAME or NAME@VERSION,
        /// as for `import` (default: the format).
        #[arg(long, value_name = "NAME")]
        origin: Option<String>,
        /// An outside extractor's predictions to score against people's decisions,
        /// matched to articles as `import` matches them; nothing is imported or written.
        /// PATHS are then articles or folders of them.
        #[arg(long, value_name = "FILE")]
        predictions: Option<String>,
        /// With --predictions, the file's format (spacy, prodigy, doccano, brat,
        /// labelstudio, detect); otherwise the report's (text, json).
        #[arg(long, value_enum)]
        format: Option<EvalFormatArg>,
        /// The report's format (text, json), whatever --format says.
        #[arg(long, value_enum)]
        report: Option<OutputFormat>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Agreement between two annotators' sidecars of the same articles: span F1 per
    /// label, Cohen's kappa on claim labels, and the disagreements to adjudicate.
    Agree {
        /// The first annotator's sidecars (a folder, an article or a sidecar).
        a: String,
        /// The second annotator's.
        b: String,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Follow feeds: add, list, remove, import (OPML, newsboat) and export (OPML).
    Feeds {
        #[command(subcommand)]
        command: cli_feeds::FeedsCommand,
    },
    /// Fetch every feed (conditionally), then each new item's page once, storing its raw
    /// bytes with where and when it was fetched. A failing feed never stops the others.
    Update {
        #[command(flatten)]
        library: cli_feeds::LibraryArg,
        #[command(flatten)]
        fetch: cli_feeds::FetchArgs,
    },
    /// Fetch single pages into the library; a page whose bytes changed since its last
    /// fetch is stored as a new version beside the old one.
    Fetch {
        #[arg(required = true)]
        urls: Vec<String>,
        #[command(flatten)]
        library: cli_feeds::LibraryArg,
        #[command(flatten)]
        fetch: cli_feeds::FetchArgs,
    },
    /// Read the feed library in the terminal reader: the feeds with their unread
    /// counts, a feed's items, then the article (as fetched by `copydesk update`).
    News {
        #[command(flatten)]
        library: cli_feeds::LibraryArg,
        #[command(flatten)]
        reader: ReaderArgs,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Replay keys against the reader without a terminal and print the final screen as
    /// plain text (for tests, bug reports and docs).
    Render {
        /// An article, a FILE#N corpus record, or a folder.
        path: String,
        /// Screen size, WIDTHxHEIGHT.
        #[arg(long, default_value = "100x30", value_parser = parse_screen_size)]
        size: (u16, u16),
        /// Keys in keymap notation, space-separated; a word that is no key name is typed
        /// letter by letter: "/ council Enter n".
        #[arg(long, default_value = "")]
        keys: String,
        #[command(flatten)]
        reader: ReaderArgs,
        #[command(flatten)]
        input: InputArgs,
    },
}

/// Options shared by every command that reads articles.
#[derive(Args)]
struct InputArgs {
    /// Take a text or Markdown file as it is: offsets count code points of the file as
    /// decoded (after a byte-order mark). HTML and JSON are always extracted.
    #[arg(long)]
    no_clean: bool,
    /// Refuse files larger than this many bytes (suffixes K, M, G accepted).
    #[arg(long, value_name = "BYTES", value_parser = parse_size, default_value = "64M")]
    max_size: u64,
}

impl InputArgs {
    fn options(&self) -> LoadOptions {
        LoadOptions {
            clean: !self.no_clean,
            max_size: self.max_size,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DetectFormat {
    Json,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayerArg {
    Entities,
    Claims,
}

impl LayerArg {
    fn layer(self) -> Layer {
        match self {
            LayerArg::Entities => Layer::Entities,
            LayerArg::Claims => Layer::Claims,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Spacy,
    Prodigy,
    Docbin,
    Hf,
    Doccano,
    Brat,
    Labelstudio,
    Conll,
    W3c,
    Csv,
}

impl ExportFormat {
    fn format(self, scheme: SchemeArg) -> Format {
        match self {
            ExportFormat::Spacy | ExportFormat::Prodigy => Format::Spacy,
            ExportFormat::Docbin => Format::Docbin,
            ExportFormat::Hf => Format::Hf(match scheme {
                SchemeArg::Iob2 => Scheme::Iob2,
                SchemeArg::Bioes => Scheme::Bioes,
            }),
            ExportFormat::Doccano => Format::Doccano,
            ExportFormat::Brat => Format::Brat,
            ExportFormat::Labelstudio => Format::LabelStudio,
            ExportFormat::Conll => Format::Conll,
            ExportFormat::W3c => Format::W3c,
            ExportFormat::Csv => Format::Csv,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemeArg {
    Iob2,
    Bioes,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportFormatArg {
    Spacy,
    Prodigy,
    Doccano,
    Brat,
    Labelstudio,
    Detect,
}

impl ImportFormatArg {
    fn format(self) -> ImportFormat {
        match self {
            ImportFormatArg::Spacy | ImportFormatArg::Prodigy => ImportFormat::Spacy,
            ImportFormatArg::Doccano => ImportFormat::Doccano,
            ImportFormatArg::Brat => ImportFormat::Brat,
            ImportFormatArg::Labelstudio => ImportFormat::LabelStudio,
            ImportFormatArg::Detect => ImportFormat::Detect,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Suggested,
    Accepted,
    Rejected,
    Edited,
    Manual,
}

impl StatusArg {
    fn status(self) -> Status {
        match self {
            StatusArg::Suggested => Status::Suggested,
            StatusArg::Accepted => Status::Accepted,
            StatusArg::Rejected => Status::Rejected,
            StatusArg::Edited => Status::Edited,
            StatusArg::Manual => Status::Manual,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum OffsetsArg {
    Codepoint,
    Utf16,
    Grapheme,
}

impl OffsetsArg {
    fn unit(self) -> Unit {
        match self {
            OffsetsArg::Codepoint => Unit::CodePoint,
            OffsetsArg::Utf16 => Unit::Utf16,
            OffsetsArg::Grapheme => Unit::Grapheme,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

/// `eval --format`: the report's format, as for every command, or, with
/// `--predictions`, the predictions file's, as for `import`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EvalFormatArg {
    Text,
    Json,
    Spacy,
    Prodigy,
    Doccano,
    Brat,
    Labelstudio,
    Detect,
}

impl EvalFormatArg {
    fn file_format(self) -> Result<ImportFormat, OutputFormat> {
        let import = match self {
            EvalFormatArg::Text => return Err(OutputFormat::Text),
            EvalFormatArg::Json => return Err(OutputFormat::Json),
            EvalFormatArg::Spacy => ImportFormatArg::Spacy,
            EvalFormatArg::Prodigy => ImportFormatArg::Prodigy,
            EvalFormatArg::Doccano => ImportFormatArg::Doccano,
            EvalFormatArg::Brat => ImportFormatArg::Brat,
            EvalFormatArg::Labelstudio => ImportFormatArg::Labelstudio,
            EvalFormatArg::Detect => ImportFormatArg::Detect,
        };
        Ok(import.format())
    }
}

/// Sorts out what `eval --format` means: the predictions' format when there is a
/// predictions file, else the report's.
fn eval_formats(
    predictions: Option<String>,
    format: Option<EvalFormatArg>,
    report: Option<OutputFormat>,
    input: &InputArgs,
) -> Result<(Option<cli_evaluate::Predictions>, OutputFormat), String> {
    let format = format.map(EvalFormatArg::file_format);
    match (predictions, format) {
        (None, None) => Ok((None, report.unwrap_or(OutputFormat::Text))),
        (None, Some(Err(output))) => Ok((None, report.unwrap_or(output))),
        (None, Some(Ok(_))) => {
            Err("eval: --format names a predictions format only with --predictions FILE".into())
        }
        (Some(_), None | Some(Err(_))) => Err(
            "eval --predictions: name the file's format with --format (spacy, prodigy, doccano, brat, labelstudio, detect); the report's is --report text|json".into(),
        ),
        (Some(file), Some(Ok(format))) => {
            let predictions = cli_evaluate::Predictions {
                file,
                format,
                load: input.options(),
            };
            Ok((Some(predictions), report.unwrap_or(OutputFormat::Text)))
        }
    }
}

/// Past a file-size limit (`ulimit -f`) the kernel kills the writing process with
/// SIGXFSZ, mid-save and without a word; ignored, the write fails with EFBIG instead and
/// is reported like a full disk, and the temporary file is removed.
#[cfg(unix)]
fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(not(unix))]
fn ignore_file_size_signal() {}

fn main() -> ExitCode {
    ignore_file_size_signal();
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return read(&cli.paths, &cli.reader, cli.input.options());
    };
    match command {
        Command::Clean {
            paths,
            format,
            explain,
            input,
        } => {
            let options = input.options();
            let single = paths.len() == 1;
            let format = if explain {
                Shown::Explained
            } else {
                Shown::As(format)
            };
            let statuses: Vec<ExitCode> = paths
                .iter()
                .map(|path| clean(path, format, options, single))
                .collect();
            statuses
                .into_iter()
                .find(|status| *status != ExitCode::SUCCESS)
                .unwrap_or(ExitCode::SUCCESS)
        }
        Command::Check {
            paths,
            merge_rescued,
            input,
        } => check(&paths, merge_rescued, input.options()),
        Command::Detect {
            paths,
            format,
            jobs,
            input,
        } => detect(&paths, format, jobs, input.options()),
        Command::Export {
            paths,
            format,
            status,
            labels,
            scheme,
            layers,
            include_partial,
            output,
            offsets,
            jobs,
            input,
        } => {
            if matches!(format, ExportFormat::Hf) && labels.is_none() {
                eprintln!(
                    "copydesk: hf numbers its tags by the labels' order; name them, e.g. --labels PERSON,ORG,PLACE"
                );
                return ExitCode::from(BAD_INPUT);
            }
            let format = format.format(scheme);
            let offsets = match cli_export::offsets(format.name(), offsets.map(OffsetsArg::unit)) {
                Ok(unit) => unit,
                Err(code) => return code,
            };
            let selection = Selection {
                statuses: status.into_iter().map(StatusArg::status).collect(),
                labels,
                layers: layers.into_iter().map(LayerArg::layer).collect(),
            };
            let options = ExportOptions {
                format,
                selection,
                load: input.options(),
                jobs,
                include_partial,
                offsets,
            };
            cli_export::export(&paths, &options, output.as_deref())
        }
        Command::Import {
            file,
            format,
            origin,
            to,
            offsets,
            input,
        } => {
            let format = format.format();
            match cli_export::offsets(format.name(), offsets.map(OffsetsArg::unit)) {
                Ok(unit) => cli_export::import(&file, format, origin, to, unit, input.options()),
                Err(code) => code,
            }
        }
        Command::Eval {
            paths,
            origin,
            predictions,
            format,
            report,
            input,
        } => {
            let (predictions, report) = match eval_formats(predictions, format, report, &input) {
                Ok(formats) => formats,
                Err(problem) => {
                    eprintln!("copydesk: {problem}");
                    return ExitCode::from(BAD_INPUT);
                }
            };
            let json = report == OutputFormat::Json;
            cli_evaluate::eval(&paths, origin, predictions, json)
        }
        Command::Agree { a, b, format } => {
            cli_evaluate::agree(&a, &b, format == OutputFormat::Json)
        }
        Command::Feeds { command } => cli_feeds::feeds(command),
        Command::Update { library, fetch } => cli_feeds::run_update(&library, &fetch),
        Command::Fetch {
            urls,
            library,
            fetch,
        } => cli_feeds::run_fetch(&urls, &library, &fetch),
        Command::News {
            library,
            reader,
            input,
        } => run_reader(&reader, || {
            cli_feeds::feed_reading(&library, input.options())
                .map_err(|problem| eprintln!("copydesk: {}", terminal_safe(&problem)))
                .ok()
        }),
        Command::Render {
            path,
            size,
            keys,
            reader,
            input,
        } => render(&path, size, &keys, &reader, input.options()),
    }
}

fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "copydesk").map(|d| d.config_dir().to_path_buf())
}

/// Lists the articles behind `paths` for the reader. A single file is read now, so a
/// file that cannot be read ends the program with its reason, as before any screen.
fn list_library(paths: &[String], options: LoadOptions) -> Option<Library> {
    let (mut listed, problems) = list(paths, options);
    for problem in &problems {
        eprintln!("copydesk: {}", terminal_safe(&problem.to_string()));
    }
    if let [
        Listed {
            source: Source::File(path),
            ..
        },
    ] = listed.as_slice()
    {
        let articles = Source::File(path.clone()).load(options);
        match articles {
            Ok(articles) => {
                listed = articles
                    .into_iter()
                    .map(|article| Listed {
                        name: article.source.clone(),
                        source: Source::Loaded(Box::new(article)),
                    })
                    .collect();
            }
            Err(error) => {
                eprintln!("copydesk: {}", terminal_safe(&error.to_string()));
                listed.clear();
            }
        }
    }
    if listed.is_empty() {
        eprintln!("copydesk: no article to show");
        return None;
    }
    Some(Library::new(listed, options))
}

fn build_app(library: Library, reader: &ReaderArgs) -> Option<tui::app::App> {
    let config = config_dir();
    match tui::build_app(
        library,
        &reader.keymap,
        reader.theme.as_deref(),
        config.as_deref(),
    ) {
        Ok(app) => Some(app),
        Err(error) => {
            eprintln!("copydesk: {}", terminal_safe(&error));
            None
        }
    }
}

/// The terminal reader.
fn read(paths: &[String], reader: &ReaderArgs, options: LoadOptions) -> ExitCode {
    if paths.is_empty() {
        eprintln!("copydesk: name an article or a folder to read, e.g. `copydesk samples`");
        return ExitCode::from(BAD_INPUT);
    }
    run_reader(reader, || list_library(paths, options))
}

/// The reader in this terminal on the library `listing` makes (once the terminal and
/// the settings are known to be usable, so a bad start costs no listing).
fn run_reader(reader: &ReaderArgs, listing: impl FnOnce() -> Option<Library>) -> ExitCode {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        eprintln!(
            "copydesk: the reader needs a terminal; use `copydesk render` or `copydesk clean` for a file or a pipe"
        );
        return ExitCode::from(BAD_INPUT);
    }
    let settings = match tui::Settings::load(config_dir().as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("copydesk: {}", terminal_safe(&error));
            return ExitCode::from(BAD_INPUT);
        }
    };
    let Some(library) = listing() else {
        return ExitCode::from(BAD_INPUT);
    };
    let Some(mut app) = build_app(library, reader) else {
        return ExitCode::from(BAD_INPUT);
    };
    app.desk.annotator = settings.annotator();
    app.desk.config_dir = config_dir();
    app.set_rescue_folder(RescueFolder::user());
    let worker = tui::connect(&mut app, lexicons());
    match tui::terminal::run(app, settings.mouse && !reader.no_mouse, worker) {
        Ok(rescued) if rescued.is_empty() => ExitCode::SUCCESS,
        Ok(rescued) => {
            for line in rescued {
                eprintln!("copydesk: {}", terminal_safe(&line));
            }
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("copydesk: terminal: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `copydesk render`: the reader's screen after some keys, as plain text.
fn render(
    path: &str,
    (width, height): (u16, u16),
    keys: &str,
    reader: &ReaderArgs,
    options: LoadOptions,
) -> ExitCode {
    let keys = match tui::key::KeyChord::parse_replay(keys) {
        Ok(keys) => keys,
        Err(error) => {
            eprintln!("copydesk: --keys: {error}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let Some(library) = list_library(&[path.to_string()], options) else {
        return ExitCode::from(BAD_INPUT);
    };
    let Some(mut app) = build_app(library, reader) else {
        return ExitCode::from(BAD_INPUT);
    };
    drop(tui::connect(&mut app, lexicons()));
    let screen = tui::render_headless(&mut app, width, height, &keys);
    let mut out = io::stdout().lock();
    match out
        .write_all(tui::render::buffer_text(&screen).as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("copydesk: cannot write output: {error}");
            ExitCode::FAILURE
        }
    }
}

fn parse_screen_size(raw: &str) -> Result<(u16, u16), String> {
    let (w, h) = raw
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("{raw:?} is not a size; write WIDTHxHEIGHT, e.g. 100x30"))?;
    let parse = |s: &str| {
        s.trim()
            .parse::<u16>()
            .map_err(|_| format!("{raw:?} is not a size; write WIDTHxHEIGHT, e.g. 100x30"))
    };
    Ok((parse(w)?, parse(h)?))
}

/// Loads every path, runs the detector over the articles on every core, and
/// prints the records in input order.
fn detect(
    paths: &[String],
    format: DetectFormat,
    jobs: Option<usize>,
    options: LoadOptions,
) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    let mut articles = Vec::new();
    for path in paths {
        match load(path, options) {
            Ok(loaded) => {
                for warning in &loaded.warnings {
                    eprintln!("copydesk: warning: {}: {}", terminal_safe(path), warning);
                }
                for problem in &loaded.problems {
                    eprintln!("copydesk: {}", terminal_safe(&problem.to_string()));
                    status = ExitCode::from(BAD_INPUT);
                }
                articles.extend(loaded.articles);
            }
            Err(error) => {
                eprintln!("copydesk: {}", terminal_safe(&error.to_string()));
                status = ExitCode::from(BAD_INPUT);
            }
        }
    }
    let lexicons = lexicons();
    let pretty = format == DetectFormat::Json && articles.len() == 1;
    let records = parallel_map(&articles, jobs, |article| {
        let analysis = analyse_text(&article.text, &lexicons);
        let detection = DetectJson::new(article, &analysis.entities, &analysis.claims);
        if pretty {
            serde_json::to_string_pretty(&detection)
        } else {
            serde_json::to_string(&detection)
        }
    });
    let mut out = io::stdout().lock();
    for record in records {
        let written = match record {
            Ok(line) => writeln!(out, "{line}"),
            Err(error) => {
                eprintln!("copydesk: cannot serialise a record: {error}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        if let Err(error) = written {
            if error.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("copydesk: cannot write output: {error}");
                return ExitCode::FAILURE;
            }
            break;
        }
    }
    status
}

/// The built-in lexicons with the user's own from the config directory.
fn lexicons() -> Lexicons {
    let (lexicons, warnings) = Lexicons::load(config_dir().as_deref());
    for warning in warnings {
        eprintln!("copydesk: warning: {}", terminal_safe(&warning));
    }
    lexicons
}

/// Checks each path's sidecar. Problems go to stdout (they are the command's output),
/// one per line, prefixed with the sidecar's path.
fn check(paths: &[String], merge_rescued: bool, options: LoadOptions) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    let rescues = RescueFolder::user();
    for path in paths {
        let (article_spec, sidecar) = match path.strip_suffix(".copydesk.json") {
            Some(_) => match article_for_sidecar(path) {
                Ok(article) => (article, PathBuf::from(path)),
                Err(problem) => {
                    println!("{}: {}", terminal_safe(path), terminal_safe(&problem));
                    status = ExitCode::from(1);
                    continue;
                }
            },
            None => (path.clone(), sidecar_path(path)),
        };
        let loaded = match load(&article_spec, options) {
            Ok(loaded) => loaded,
            Err(error) => {
                println!(
                    "{}: article {}",
                    sidecar.display(),
                    terminal_safe(&error.to_string())
                );
                status = ExitCode::from(1);
                continue;
            }
        };
        for article in &loaded.articles {
            let sidecar = if loaded.articles.len() == 1 {
                sidecar.clone()
            } else {
                sidecar_path(&article.source)
            };
            if let Some(folder) = &rescues
                && !check_rescues(folder, article, &sidecar, merge_rescued)
            {
                status = ExitCode::from(1);
            }
            if !sidecar.exists() {
                eprintln!(
                    "copydesk: {}: no sidecar yet",
                    terminal_safe(&article.source)
                );
                continue;
            }
            for problem in check_sidecar(&sidecar, article) {
                println!(
                    "{}: {}",
                    terminal_safe(&sidecar.to_string_lossy()),
                    terminal_safe(&problem)
                );
                status = ExitCode::from(1);
            }
        }
    }
    status
}

/// Lists the rescues waiting for `sidecar` or, with `merge`, merges them back; `false`
/// when some are still waiting.
fn check_rescues(folder: &RescueFolder, article: &Article, sidecar: &Path, merge: bool) -> bool {
    let path = sidecar.to_string_lossy();
    let shown = terminal_safe(&path);
    if merge {
        return match merge_back(folder, article, sidecar) {
            Ok(merged) => {
                for (file, lines) in merged {
                    let what = if lines.is_empty() {
                        "nothing new".to_string()
                    } else {
                        lines.join("; ")
                    };
                    println!(
                        "{shown}: merged the rescue {}: {}",
                        terminal_safe(&file.to_string_lossy()),
                        terminal_safe(&what)
                    );
                }
                true
            }
            Err(error) => {
                println!("{}", terminal_safe(&error.to_string()));
                false
            }
        };
    }
    let waiting = folder.rescues_for(sidecar);
    for rescue in &waiting {
        println!(
            "{shown}: decisions rescued {} ({}) wait in {}; merge them with `copydesk check --merge-rescued`",
            rescue.written,
            terminal_safe(&rescue.reason),
            terminal_safe(&rescue.file.to_string_lossy())
        );
    }
    waiting.is_empty()
}

/// The article a sidecar names, resolved against the sidecar's folder.
fn article_for_sidecar(sidecar: &str) -> Result<String, String> {
    let bytes = std::fs::read(sidecar).map_err(|e| format!("cannot be read: {e}"))?;
    let parsed = parse_sidecar(&bytes)?;
    let folder = Path::new(sidecar).parent().unwrap_or(Path::new(""));
    Ok(folder
        .join(&parsed.article.path)
        .to_string_lossy()
        .into_owned())
}

/// What `clean` prints: the article in a format, or where its lines went (`--explain`).
#[derive(Clone, Copy)]
enum Shown {
    As(OutputFormat),
    Explained,
}

/// Prints one path's articles. JSON is pretty-printed for a single article and one
/// object per line (JSON Lines) when several are printed, so scripts can stream it.
fn clean(path: &str, format: Shown, options: LoadOptions, single_path: bool) -> ExitCode {
    let loaded = match load(path, options) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("copydesk: {}", terminal_safe(&error.to_string()));
            return ExitCode::from(BAD_INPUT);
        }
    };
    for warning in &loaded.warnings {
        eprintln!("copydesk: warning: {}: {}", terminal_safe(path), warning);
    }
    let mut out = io::stdout().lock();
    let single = single_path && loaded.articles.len() == 1 && loaded.problems.is_empty();
    let written = loaded.articles.iter().try_for_each(|article| match format {
        Shown::As(OutputFormat::Json) if single => {
            serde_json::to_writer_pretty(&mut out, &ArticleJson::from(article))?;
            writeln!(out)
        }
        Shown::As(OutputFormat::Json) => {
            serde_json::to_writer(&mut out, &ArticleJson::from(article))?;
            writeln!(out)
        }
        Shown::As(OutputFormat::Text) => write_text(&mut out, article),
        Shown::Explained => write_explained(&mut out, article),
    });
    if let Err(error) = written.and_then(|()| out.flush())
        && error.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("copydesk: cannot write output: {error}");
        return ExitCode::FAILURE;
    }
    for problem in &loaded.problems {
        eprintln!("copydesk: {}", terminal_safe(&problem.to_string()));
    }
    if loaded.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BAD_INPUT)
    }
}

/// The article as a person reads it: metadata lines, captions, a rule, then the text.
fn write_text(out: &mut impl Write, article: &Article) -> io::Result<()> {
    let meta = &article.metadata;
    let fields = [
        ("Title", meta.title.clone()),
        (
            "By",
            (!meta.byline.is_empty()).then(|| meta.byline.join(", ")),
        ),
        ("Date", meta.date.clone().or_else(|| meta.date_raw.clone())),
        ("Section", meta.section.clone()),
        ("Site", meta.site.clone()),
        ("URL", meta.url.clone()),
        ("Source", Some(article.source.clone())),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            writeln!(out, "{name}: {}", terminal_safe(&value))?;
        }
    }
    for caption in &article.captions {
        let credit = caption
            .credit
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        writeln!(
            out,
            "Caption: {}{}",
            terminal_safe(&caption.text),
            terminal_safe(&credit)
        )?;
    }
    for warning in &article.warnings {
        writeln!(out, "Warning: {}", terminal_safe(warning))?;
    }
    writeln!(out, "---")?;
    writeln!(out, "{}", terminal_safe(&article.text))?;
    writeln!(out)
}

/// `clean --explain`: a line per input line, "LINE  WHERE  TEXT", the text cut to
/// what fits a line.
fn write_explained(out: &mut impl Write, article: &Article) -> io::Result<()> {
    const SHOWN_CHARS: usize = 90;
    writeln!(out, "{}", terminal_safe(&article.source))?;
    for row in copydesk::article::explain::explain(article) {
        let line = row.line.map_or("-".to_string(), |n| n.to_string());
        let mut text: String = row.text.chars().take(SHOWN_CHARS).collect();
        if row.text.chars().count() > SHOWN_CHARS {
            text.push('…');
        }
        writeln!(
            out,
            "{line:>6}  {:<18} {}",
            row.went,
            terminal_safe(&text.replace('\n', " "))
        )?;
    }
    writeln!(out)
}

fn parse_size(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let (digits, multiplier) = match raw.char_indices().last() {
        Some((at, 'k' | 'K')) => (&raw[..at], 1024),
        Some((at, 'm' | 'M')) => (&raw[..at], 1024 * 1024),
        Some((at, 'g' | 'G')) => (&raw[..at], 1024 * 1024 * 1024),
        _ => (raw, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .ok_or_else(|| format!("{raw:?} is not a size; write bytes, or a number with K, M or G"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk::article::load::DEFAULT_MAX_SIZE;

    #[test]
    fn sizes_accept_suffixes() {
        assert_eq!(parse_size("64M"), Ok(DEFAULT_MAX_SIZE));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn screen_sizes() {
        assert_eq!(parse_screen_size("100x30"), Ok((100, 30)));
        assert_eq!(parse_screen_size("1x1"), Ok((1, 1)));
        assert!(parse_screen_size("100").is_err());
        assert!(parse_screen_size("100x99999").is_err());
    }
}

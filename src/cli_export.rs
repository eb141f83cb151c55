//! `copydesk export` and `copydesk import` on the command line: where output goes and
//! how results are reported. The work is in `copydesk::interchange`.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use copydesk::article::LoadOptions;
use copydesk::interchange::Format;
use copydesk::interchange::export::{ExportOptions, ExportReport, Sink, export as run_export};
use copydesk::interchange::hf::{Scheme, tag_names};
use copydesk::interchange::import::{ImportFormat, ImportOptions, import as run_import};
use copydesk::interchange::offsets::Unit;
use copydesk::terminal_safe;

use crate::BAD_INPUT;

pub fn export(paths: &[String], options: &ExportOptions, output: Option<&Path>) -> ExitCode {
    if let Some(refusal) = copydesk::interchange::export::refusal(options) {
        eprintln!("copydesk: {refusal}");
        return ExitCode::from(BAD_INPUT);
    }
    let result = match (options.format, output) {
        (Format::Brat, None) => {
            eprintln!(
                "copydesk: brat writes a .txt and an .ann per article; name a folder with -o"
            );
            return ExitCode::from(BAD_INPUT);
        }
        (Format::Brat, Some(folder)) => run_export(paths, options, Sink::Folder(folder.into())),
        (_, Some(file)) => to_file(file, |out| run_export(paths, options, Sink::Stream(out))),
        (_, None) => {
            let mut out = BufWriter::new(io::stdout().lock());
            run_export(paths, options, Sink::Stream(&mut out))
        }
    };
    if let (Ok(_), Format::Hf(scheme)) = (&result, options.format)
        && let Err(error) = hf_tags(options, scheme, output)
    {
        eprintln!("copydesk: cannot write the tag list: {error}");
        return ExitCode::FAILURE;
    }
    match result {
        Ok(report) => summarise(&report, options.format),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("copydesk: cannot write the export: {error}");
            ExitCode::FAILURE
        }
    }
}

/// hf's tag names in id order, which `ner_tags` numbers: beside the export as
/// `NAME.labels.json` (a JSON list, what `datasets.ClassLabel(names=…)` takes), and on
/// stderr when the export goes to standard output.
fn hf_tags(options: &ExportOptions, scheme: Scheme, output: Option<&Path>) -> io::Result<()> {
    let labels = options.selection.labels.as_deref().unwrap_or_default();
    let names = tag_names(labels, scheme);
    match output {
        Some(file) => {
            let json = serde_json::to_vec(&names).map_err(io::Error::other)?;
            std::fs::write(file.with_extension("labels.json"), json)
        }
        None => {
            let ids: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{i}={n}"))
                .collect();
            eprintln!("copydesk: hf tags: {}", terminal_safe(&ids.join(" ")));
            Ok(())
        }
    }
}

/// Streams into a temporary file beside `file` and renames it into place, so a failed
/// export never leaves half a training set under the real name.
fn to_file(
    file: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<ExportReport>,
) -> io::Result<ExportReport> {
    let folder = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temporary = tempfile::NamedTempFile::new_in(folder)?;
    let mut out = BufWriter::new(temporary);
    let report = write(&mut out)?;
    let temporary = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    temporary.as_file().sync_all()?;
    // A temporary file is private (0600); a training set is an ordinary file.
    #[cfg(unix)]
    std::fs::set_permissions(
        temporary.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )?;
    temporary.persist(file).map_err(|e| e.error)?;
    Ok(report)
}

fn summarise(report: &ExportReport, format: Format) -> ExitCode {
    for problem in &report.problems {
        eprintln!("copydesk: {}", terminal_safe(problem));
    }
    let name = format.name();
    if report.articles == 0 && !report.problems.is_empty() {
        return ExitCode::from(BAD_INPUT);
    }
    eprintln!(
        "copydesk: exported {} articles ({} items) as {name}",
        report.articles, report.items
    );
    if report.orphaned > 0 {
        eprintln!(
            "copydesk: {} items were left out: their text is no longer in the article (see copydesk check)",
            report.orphaned
        );
    }
    if report.not_reviewed_articles > 0 {
        eprintln!(
            "copydesk: {} articles are not fully reviewed and were left out \
             (review them in the reader, D marks one done; or --include-partial):",
            report.not_reviewed_articles
        );
        for (reason, (count, examples)) in &report.not_reviewed {
            let examples: Vec<String> = examples
                .iter()
                .map(|e| terminal_safe(e).into_owned())
                .collect();
            let more = if *count > examples.len() { ", …" } else { "" };
            eprintln!(
                "copydesk:   {count} {reason} ({}{more})",
                examples.join(", ")
            );
        }
    }
    if report.partial > 0 {
        eprintln!(
            "copydesk: {} articles are not fully reviewed; their unreviewed text is marked missing",
            report.partial
        );
    }
    if report.without_sidecar > 0 {
        eprintln!(
            "copydesk: {} articles have no sidecar and were left out",
            report.without_sidecar
        );
    }
    if !report.losses.is_empty() {
        eprintln!("copydesk: warning: {name} cannot express {}", report.losses);
    }
    if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BAD_INPUT)
    }
}

/// The unit of doccano's offsets, UTF-16 unless `--offsets` names another. Every other
/// format counts in one unit only, so `--offsets` with one of them is refused rather
/// than silently ignored.
pub fn offsets(format: &str, given: Option<Unit>) -> Result<Unit, ExitCode> {
    let fixed = match format {
        "doccano" => return Ok(given.unwrap_or_default()),
        _ if given.is_none() => return Ok(Unit::default()),
        "labelstudio" => "always counts UTF-16 code units",
        "conll" => "has no offsets",
        _ => "always counts code points",
    };
    eprintln!("copydesk: --offsets applies to doccano only; {format} {fixed}");
    Err(ExitCode::from(BAD_INPUT))
}

/// What `import` is asked to do; `eval --predictions` imports in memory the same way.
pub fn import_options(
    format: ImportFormat,
    origin: Option<String>,
    to: Vec<String>,
    offsets: Unit,
    load: LoadOptions,
) -> ImportOptions {
    let origin = origin.unwrap_or_else(|| format.name().to_string());
    let (name, version) = match origin.split_once('@') {
        Some((name, version)) => (name.to_string(), version.to_string()),
        None => (origin, "unknown".to_string()),
    };
    ImportOptions {
        format,
        origin: (name, version),
        articles: to,
        load,
        offsets,
    }
}

pub fn import(
    file: &str,
    format: ImportFormat,
    origin: Option<String>,
    to: Vec<String>,
    offsets: Unit,
    load: LoadOptions,
) -> ExitCode {
    let options = import_options(format, origin, to, offsets, load);
    let report = match run_import(file, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!(
                "copydesk: {}: {}",
                terminal_safe(file),
                terminal_safe(&error.to_string())
            );
            return ExitCode::from(BAD_INPUT);
        }
    };
    for problem in &report.problems {
        eprintln!("copydesk: {}", terminal_safe(problem));
    }
    eprintln!(
        "copydesk: {} records: {} suggestions added, {} already there ({} of them credited to {} too), {} sidecars saved, {} problems",
        report.records,
        report.added,
        report.already_there,
        report.credited,
        terminal_safe(&options.origin.0),
        report.sidecars_saved,
        report.problems.len()
    );
    if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BAD_INPUT)
    }
}
